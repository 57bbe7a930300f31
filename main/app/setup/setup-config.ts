// The rport.conf the first-start setup writes: the keys the user gave plus short comments, in the same
// layout as the Go client's example file so people who know rport feel at home.
import type { SetupInput } from '../../shared/contract';

export interface SetupTextOptions {
  /** The password goes to the OS keychain: the file gets `auth = "id:"` and never sees it. */
  passwordInKeychain?: boolean;
}

export function buildSetupConfigText(
  input: SetupInput,
  dataDir: string,
  now: Date,
  options: SetupTextOptions = {},
): string {
  const auth = options.passwordInKeychain
    ? [
        '  ## <client-auth-id>: with nothing after the colon: RPort Tray keeps the password in the system keychain.',
        `  auth = ${tomlString(`${input.authId.trim()}:`)}`,
      ]
    : ['  ## <client-auth-id>:<password>', `  auth = ${tomlString(`${input.authId.trim()}:${input.password}`)}`];
  const lines = [
    `# rport.conf written by RPort Tray's first-start setup on ${now.toISOString().slice(0, 10)}.`,
    '# Every key of the RPort client works here; edit it in the window (Config) or with any text editor.',
    '',
    '[client]',
    '  ## rportd server address.',
    `  server = ${tomlString(input.server.trim())}`,
    '',
    '  ## Tried in order when the server above is unreachable.',
    `  fallback_servers = [${input.fallbackServers.map((s) => tomlString(s.trim())).join(', ')}]`,
    '',
    "  ## The server key's fingerprint; the client refuses a server whose key does not match.",
    `  fingerprint = ${tomlString(input.fingerprint.trim())}`,
    '',
    ...auth,
    '',
    '  ## Holds state.json and files received from the server.',
    `  data_dir = ${tomlString(dataDir)}`,
    '',
    '[connection]',
    "  keep_alive = '3m'",
    '',
    ...featureLines(input.features),
  ];
  return lines.join('\n');
}

/** What the server may do here: written out (on, the RPort client's default, unless switched off). */
function featureLines(features: SetupInput['features']): string[] {
  const on = { remoteCommands: true, fileReception: true, monitoring: true, ...features };
  return [
    '[remote-commands]',
    '  ## Let the server run commands on this machine (the allow/deny rules of the RPort client apply).',
    `  enabled = ${on.remoteCommands}`,
    '',
    '[file-reception]',
    '  ## Accept files the server sends to this machine.',
    `  enabled = ${on.fileReception}`,
    '',
    '[monitoring]',
    '  ## Send CPU, memory and disk measurements to the server.',
    `  enabled = ${on.monitoring}`,
    '',
  ];
}

/** A TOML basic string: JSON's escapes are valid TOML, except that TOML also wants DEL escaped. */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}
