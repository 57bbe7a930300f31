// `rport-tray check [FILE | --config FILE]` (default: the default config): every problem as
// `FILE:LINE: key: message` on stderr (warnings as `warning: …`), exit 3 when any is an error. Validation is the Go client's (main/config), plus the
// administrator's policy and the file-permission check.
import type { CliCommand } from '../command-types';
import { configFileOption, parseCommandArgs } from '../args';
import { EXIT_INVALID_CONFIG, EXIT_OK, usageError } from '../exit-codes';
import { loadConfig } from '../../config/load-config';
import { appDataDir } from '../../config/app-paths';
import { formatProblem } from '../../config/problems';

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'validate an rport.conf and print every problem as FILE:LINE: key: message',
  usage: [
    'Usage: rport-tray check [FILE | --config FILE]',
    '',
    'FILE defaults to the default config (<data folder>/rport.conf, see the README).',
    'Validates FILE as the Go rport client would (same keys, defaults, order and messages) and prints',
    'every problem as FILE:LINE: key: message; warnings (unknown keys, values Go silently adjusts, a',
    'password in a file others can read) are printed as FILE:LINE: key: warning: message.',
    "An administrator's policy (/etc/rport-tray/policy.toml or RPORT_TRAY_POLICY) is applied.",
    '',
    'Exit codes: 0 valid (warnings allowed), 3 invalid, 2 usage error.',
    '',
  ].join('\n'),
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { config: { type: 'string', short: 'c' } }, true);
    if (positionals.length > 1) throw usageError(`one config file at a time (got ${positionals.length})`);
    const [positional] = positionals;
    if (positional !== undefined && values.config !== undefined && positional !== values.config) {
      throw usageError(`two config files given: ${positional} and --config ${String(values.config)}`);
    }
    const file = configFileOption(positional ?? values.config);
    const loaded = await loadConfig(file, { defaultDataDir: appDataDir() });
    for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
    if (!loaded.ok) return EXIT_INVALID_CONFIG;
    const warnings = loaded.problems.length;
    io.stdout(`${file}: ok${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}\n`);
    return EXIT_OK;
  },
};
