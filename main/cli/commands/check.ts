import { readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import type { CliCommand } from '../command-types';
import { parseCommandArgs, requireOption } from '../args';
import { CliError, EXIT_INVALID_CONFIG, EXIT_OK } from '../exit-codes';

// Interim check (TOML syntax and `[client] server`); the full validator arrives with the config issue.
export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'validate an rport.conf and print every problem as FILE:LINE: key: message',
  usage: 'Usage: rport-tray check --config FILE\n\nExit codes: 0 valid, 3 invalid, 2 usage error.\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { config: { type: 'string', short: 'c' } });
    const file = requireOption(values.config, 'config');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new CliError(`${file}: cannot read: ${(err as Error).message}`, EXIT_INVALID_CONFIG);
    }
    let doc: Record<string, unknown>;
    try {
      doc = parse(text) as Record<string, unknown>;
    } catch (err) {
      const line = (err as { line?: number }).line ?? 0;
      io.stderr(`${file}:${line}: : ${(err as Error).message.split('\n')[0]}\n`);
      return EXIT_INVALID_CONFIG;
    }
    const client = doc.client as Record<string, unknown> | undefined;
    if (!client || typeof client.server !== 'string' || client.server === '') {
      io.stderr(`${file}:0: client.server: server address is required\n`);
      return EXIT_INVALID_CONFIG;
    }
    io.stdout(`${file}: ok\n`);
    return EXIT_OK;
  },
};
