// Linux start-at-login: a desktop entry in $XDG_CONFIG_HOME/autostart (XDG Autostart spec). Electron has
// no API for it. Plain file I/O, testable with a temporary HOME.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { LaunchCommand } from './launch-target';

export interface XdgAutostartOptions {
  /** File name without `.desktop`, e.g. the app id `io.github.rport_tray`. */
  entryId: string;
  name: string;
  comment: string;
  env?: Record<string, string | undefined>;
}

export function autostartDir(env: Record<string, string | undefined> = process.env): string {
  // The spec: $XDG_CONFIG_HOME if set and absolute, else $HOME/.config.
  const xdg = env.XDG_CONFIG_HOME;
  const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'autostart');
}

export function autostartFile(options: XdgAutostartOptions): string {
  return path.join(autostartDir(options.env), `${options.entryId}.desktop`);
}

// Characters the Desktop Entry spec ("The Exec key") reserves: an argument holding one must be quoted.
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;

/**
 * One Exec argument: quoted when needed, with `"`, `` ` ``, `$` and `\` backslash-escaped inside quotes,
 * and `%` doubled so it is not read as a field code. The key file's own string escaping (backslash and
 * control characters) is applied on top by `escapeKeyValue`, as the spec orders.
 */
export function quoteExecArg(arg: string): string {
  const field = arg.replace(/%/g, '%%');
  if (field !== '' && !RESERVED.test(field)) return field;
  return `"${field.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
}

/** The key-file string escapes (`\\`, `\n`, `\t`, `\r`) that every value gets. */
export function escapeKeyValue(value: string): string {
  return value.replace(/[\\\n\t\r]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\t': '\\t', '\r': '\\r' })[c] ?? c);
}

export function execLine(command: LaunchCommand): string {
  // The program path is always quoted: it is the part most likely to hold spaces or `$` (an AppImage in
  // a folder such as "My Apps").
  const program = `"${command.path.replace(/%/g, '%%').replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return escapeKeyValue([program, ...command.args.map(quoteExecArg)].join(' '));
}

export function desktopEntry(command: LaunchCommand, options: XdgAutostartOptions): string {
  const oneLine = (s: string) => escapeKeyValue(s);
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${oneLine(options.name)}`,
    `Comment=${oneLine(options.comment)}`,
    `Exec=${execLine(command)}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    // A tray app needs the session's tray host up first; GNOME honours this delay.
    'X-GNOME-Autostart-Delay=2',
    '',
  ].join('\n');
}

export async function isXdgAutostartEnabled(options: XdgAutostartOptions): Promise<boolean> {
  try {
    const text = await fs.readFile(autostartFile(options), 'utf8');
    // The user (or a settings app) can disable the entry without deleting it.
    return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

export async function setXdgAutostart(
  enabled: boolean,
  command: LaunchCommand,
  options: XdgAutostartOptions,
): Promise<void> {
  const file = autostartFile(options);
  if (!enabled) {
    await fs.rm(file, { force: true });
    return;
  }
  await fs.mkdir(path.dirname(file), { recursive: true });
  // Atomic: a half-written entry could start something odd at the next login.
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, desktopEntry(command, options), { mode: 0o644 });
  await fs.rename(tmp, file);
}
