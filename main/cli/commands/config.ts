// `rport-tray config get|set|unset --config FILE <section.key> [value]`: one key at a time, with the
// file's comments and layout kept, validated before writing, atomic with FILE.bak kept.
import { parse as smolParse } from 'smol-toml';
import { tomlPatch } from '../../shared/toml-patch';
import type { CliCommand, CliIo } from '../command-types';
import { configFileOption, parseCommandArgs } from '../args';
import { CliError, EXIT_INVALID_CONFIG, EXIT_OK, EXIT_RUNTIME_ERROR, usageError } from '../exit-codes';
import { appDataDir } from '../../config/app-paths';
import { CONFIG_KEYS, findKeySpec } from '../../config/config-schema';
import { didYouMean } from '../../config/key-suggestion';
import { authWithPassword, authWithoutIdError } from '../../config/rules/client-auth';
import { authExpectsKeychain } from '../../config/config-secrets';
import { loadConfig, type LoadedConfig } from '../../config/load-config';
import { editConfigFile } from '../../config/save-config';
import { LockedKeyError } from '../../config/policy';
import { ConfigEditError, type ConfigValue } from '../../config/toml-editor';
import { formatProblem } from '../../config/problems';
import { SECRET_MASK, maskConfig } from '../../shared/secrets';
import { formatGoDuration } from '../../shared/go/duration';
import type { RportConfig } from '../../shared/types/config-types';

const USAGE = [
  'Usage: rport-tray config get|set|unset [--config FILE] <section.key> [value] [--show-secret]',
  '       rport-tray config list [--config FILE] [--show-secret]',
  '       rport-tray config set-password [--config FILE]   (reads the password from standard input)',
  '',
  "  get    print the value in effect: the file's, the administrator's pinned value, or the default",
  `         (passwords in auth and URLs, and credential headers, show as ${SECRET_MASK} unless --show-secret)`,
  '  set    write a value. VALUE is read as a TOML literal when it is one, e.g. \'["a","b"]\', true, 5,',
  '         "\'5s\'"; anything else is a string (5s, example.com:8080). Use - to read the value from',
  '         standard input (keeps a password out of the shell history). A duration needs its unit (60s,',
  '         5m): a bare number, which the Go client reads as nanoseconds, is refused; write 60ns if that',
  '         is meant. client.auth needs its id (ID:PASSWORD).',
  '  set-password  replace only the password of client.auth, keeping its id; read from standard input',
  '  unset  remove the key from the file (the default applies again)',
  '  list   every key with the value in effect, marked (default) or (policy) when the file does not set it',
  '',
  'FILE defaults to the default config (<data folder>/rport.conf, see the README).',
  'Comments and layout are kept; only the edited line changes. The result is validated first and not',
  'written when it has errors; the write is atomic and the previous file is kept as FILE.bak (mode 0600).',
  '',
  'Exit codes: 0 ok, 1 locked by policy or write failed, 2 usage error, 3 the result would be invalid.',
  '',
].join('\n');

/** A TOML literal when the text is one, else the text as a string. */
export function parseCliValue(text: string): ConfigValue {
  try {
    const parsed = smolParse(`v = ${text}`) as { v: unknown };
    return toConfigValue(parsed.v) ?? text;
  } catch {
    return text;
  }
}

function toConfigValue(v: unknown): ConfigValue | null {
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) {
    const items = v.map(toConfigValue);
    return items.every((i) => i !== null) ? (items as ConfigValue[]) : null;
  }
  if (v instanceof Date) return null;
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, ConfigValue> = {};
    for (const [k, item] of Object.entries(v)) {
      const c = toConfigValue(item);
      if (c === null) return null;
      out[k] = c;
    }
    return out;
  }
  return null;
}

function tomlLiteral(value: unknown): string {
  // A table (labels) on one line, as an inline table: `get` and `list` print one line per key.
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const bare = /^[A-Za-z0-9_-]+$/;
    const items = Object.entries(value).map(([k, v]) => `${bare.test(k) ? k : JSON.stringify(k)} = ${tomlLiteral(v)}`);
    return `{${items.join(', ')}}`;
  }
  return tomlPatch()
    .stringify({ v: value }, { trailingComma: false, bracketSpacing: false })
    .trim()
    .replace(/^v = /, '');
}

/** The key as `section.key`; an unknown one is a usage error with a "did you mean". */
function knownKey(typed: string): string {
  const spec = findKeySpec(typed);
  if (!spec) throw usageError(`unknown key "${typed}"${didYouMean(typed)}`);
  return `${spec.section}.${spec.key}`;
}

function effectiveValue(config: RportConfig, dotted: string): string {
  const spec = findKeySpec(dotted);
  if (!spec) throw usageError(`unknown key "${dotted}"${didYouMean(dotted)}`);
  const section = config[spec.section] as unknown as Record<string, unknown>;
  if (spec.section === 'interpreter-aliases') {
    const alias = config['interpreter-aliases'][spec.key.toLowerCase()];
    if (!alias) return '';
    const parts = [alias.path, alias.input_encoding, alias.output_encoding].filter((p) => p !== '');
    return parts.length === 1 ? alias.path : tomlLiteral(parts);
  }
  const value = section[spec.key];
  if (spec.kind === 'duration') return formatGoDuration(value as number);
  if (typeof value === 'string') return value;
  if (value === null) return '';
  return tomlLiteral(value);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function runEdit(file: string, dotted: string, value: ConfigValue | undefined, io: CliIo): Promise<number> {
  try {
    const edit =
      value === undefined ? { op: 'unset' as const, key: dotted } : { op: 'set' as const, key: dotted, value };
    const result = await editConfigFile(file, [edit], { defaultDataDir: appDataDir() });
    for (const problem of result.problems) io.stderr(`${formatProblem(problem)}\n`);
    if (!result.saved) {
      io.stderr(`rport-tray config: ${file} not changed: the result would be invalid\n`);
      return EXIT_INVALID_CONFIG;
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof LockedKeyError) throw new CliError(err.message, EXIT_RUNTIME_ERROR);
    if (err instanceof ConfigEditError) throw new CliError(err.message, EXIT_INVALID_CONFIG);
    throw err;
  }
}

/**
 * Values the Go client would take but that do not mean what the user typed: a bare number for a duration
 * (nanoseconds: `keep_alive 60` pings every 60 ns, so every few seconds with the jitter), and an `auth`
 * without its id (a password piped in alone replaces the whole credential).
 */
function refuseTrap(dotted: string, value: ConfigValue): void {
  const spec = findKeySpec(dotted);
  if (spec?.kind === 'duration' && typeof value === 'number' && value !== 0) {
    throw new CliError(
      `${dotted}: ${value} has no unit, and the Go client reads a bare number as nanoseconds: write ${value}s ` +
        `for seconds (or ${value}m, ${value}h), or ${value}ns if nanoseconds are meant`,
      EXIT_INVALID_CONFIG,
    );
  }
  if (dotted === 'client.auth' && typeof value === 'string') {
    const problem = authWithoutIdError(value);
    if (problem) throw new CliError(`client.auth: ${problem}`, EXIT_INVALID_CONFIG);
  }
}

/** `config set-password`: the id of client.auth kept, the password from standard input. */
async function setPassword(file: string, io: CliIo): Promise<number> {
  const loaded = await loadForReading(file, io);
  if (!loaded) return EXIT_INVALID_CONFIG;
  if (process.stdin.isTTY) io.stderr('password (end with Ctrl-D): ');
  const password = await readStdin();
  if (password === '') throw usageError('no password on standard input (e.g. `rport-tray config set-password < file`)');
  const next = authWithPassword(loaded.config.client.auth, password);
  if (!next.ok) throw new CliError(next.error, EXIT_INVALID_CONFIG);
  if (authExpectsKeychain(loaded.config.client.auth)) {
    io.stderr(
      `rport-tray config: client.auth was "ID:" (the password in the system keychain, or none); it is now in ${file}\n`,
    );
  }
  return runEdit(file, 'client.auth', next.auth, io);
}

/** The config for get and list: exits 3 (problems printed) when it is not even TOML. */
async function loadForReading(file: string, io: CliIo): Promise<LoadedConfig | null> {
  const loaded = await loadConfig(file, { defaultDataDir: appDataDir() });
  if (loaded.syntaxOk) return loaded;
  for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
  return null;
}

/** `key = value` for every key, marked when the value is not the file's. */
function listLines(loaded: LoadedConfig, showSecret: boolean): string[] {
  const config = showSecret ? loaded.config : maskConfig(loaded.config);
  const locked = new Set(loaded.lockedKeys);
  const origin = (dotted: string): string =>
    locked.has(dotted) ? '  (policy)' : loaded.positions.lineOf(dotted) === null ? '  (default)' : '';
  const lines = CONFIG_KEYS.map((spec) => {
    const dotted = `${spec.section}.${spec.key}`;
    return `${dotted} = ${effectiveValue(config, dotted)}${origin(dotted)}`;
  });
  for (const alias of Object.keys(config['interpreter-aliases']).sort()) {
    const dotted = `interpreter-aliases.${alias}`;
    lines.push(`${dotted} = ${effectiveValue(config, dotted)}${origin(dotted)}`);
  }
  return lines;
}

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'get, set, unset or list the keys of an rport.conf, keeping comments',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(
      args,
      { config: { type: 'string', short: 'c' }, 'show-secret': { type: 'boolean' } },
      true,
    );
    const file = configFileOption(values.config);
    const showSecret = values['show-secret'] === true;
    const [action, key, valueText, ...extra] = positionals;
    if (extra.length > 0) throw usageError(`unexpected argument "${extra[0]}"`);
    if (action === 'list') {
      if (key !== undefined) throw usageError('list takes no key');
      const loaded = await loadForReading(file, io);
      if (!loaded) return EXIT_INVALID_CONFIG;
      io.stdout(`${listLines(loaded, showSecret).join('\n')}\n`);
      return EXIT_OK;
    }
    if (action === 'set-password') {
      if (key !== undefined)
        throw usageError('set-password takes no argument: it reads the password from standard input');
      return setPassword(file, io);
    }
    if (action !== 'get' && action !== 'set' && action !== 'unset') {
      throw usageError(
        action === undefined ? 'get, set, unset, list or set-password is required' : `unknown action "${action}"`,
      );
    }
    if (key === undefined) throw usageError('a <section.key> is required');
    switch (action) {
      case 'get': {
        const dotted = knownKey(key);
        if (valueText !== undefined) throw usageError('get takes no value');
        const loaded = await loadForReading(file, io);
        if (!loaded) return EXIT_INVALID_CONFIG;
        const config = showSecret ? loaded.config : maskConfig(loaded.config);
        io.stdout(`${effectiveValue(config, dotted)}\n`);
        return EXIT_OK;
      }
      case 'set': {
        const dotted = knownKey(key);
        if (valueText === undefined) throw usageError('set needs a value');
        const value = valueText === '-' ? await readStdin() : parseCliValue(valueText);
        refuseTrap(dotted, value);
        return runEdit(file, dotted, value, io);
      }
      case 'unset': {
        if (valueText !== undefined) throw usageError('unset takes no value');
        // A key the file does not hold: an unknown one is a typo (as for get and set); a known one has its
        // default already. An unknown key the file does hold (a misspelling) can be removed.
        const loaded = await loadConfig(file, { defaultDataDir: appDataDir() });
        const spec = findKeySpec(key);
        const dotted = spec ? `${spec.section}.${spec.key}` : key;
        if (loaded.syntaxOk && loaded.positions.lineOf(dotted) === null) {
          if (!spec) throw usageError(`unknown key "${key}"${didYouMean(key)}`);
          io.stderr(`rport-tray config: ${dotted} is not set in ${file}; its default applies already\n`);
          return EXIT_OK;
        }
        return runEdit(file, dotted, undefined, io);
      }
    }
  },
};
