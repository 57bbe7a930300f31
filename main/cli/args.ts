// Option parsing shared by the subcommands (node:util parseArgs, with usage errors as CliError), and the
// default paths the README documents: the config is `<data folder>/rport.conf`, the data folder the app's.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './exit-codes';
import { appDataDir, defaultConfigPath } from '../config/app-paths';
import { loadConfig } from '../config/load-config';

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseCommandArgs<O extends Options>(args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (err) {
    // Node adds a hint about `--` to unknown options; the first sentence is the useful one.
    const message = err instanceof Error ? err.message : String(err);
    throw usageError(message.replace(/\. To specify a positional argument[\s\S]*$/, ''));
  }
}

export function requireOption(value: string | boolean | undefined, name: string): string {
  if (typeof value !== 'string' || value === '') throw usageError(`--${name} is required`);
  return value;
}

/** `--config FILE`, else the default config (`<data folder>/rport.conf`). */
export function configFileOption(value: string | boolean | undefined): string {
  if (value === undefined) return defaultConfigPath();
  return requireOption(value, 'config');
}

/**
 * `--data-dir DIR`, else the `data_dir` of the config (`--config FILE` or the default one) when it can be
 * read, else the app's data folder: where `run` keeps its status file for that config.
 */
export async function dataDirOption(
  dataDir: string | boolean | undefined,
  config: string | boolean | undefined,
): Promise<string> {
  if (dataDir !== undefined) return requireOption(dataDir, 'data-dir');
  const loaded = await loadConfig(configFileOption(config), { defaultDataDir: appDataDir() });
  return loaded.syntaxOk ? loaded.config.client.data_dir : appDataDir();
}
