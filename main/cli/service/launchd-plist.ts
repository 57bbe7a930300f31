// The launchd daemon `rport-tray service install` writes on macOS: started at boot, restarted whenever it
// exits (KeepAlive), no faster than every 120 s (ThrottleInterval, the seeds' RestartSec). launchd has no
// watchdog protocol: the app's own watchdog replaces a frozen engine, and launchd restarts a dead run.

export const LAUNCHD_LABEL = 'io.github.rport-tray.client';
export const LAUNCHD_DIR = 'Library/LaunchDaemons';
export const LAUNCHD_LOG = '/Library/Logs/rport-tray.log';

export interface PlistInput {
  nodePath: string;
  cliPath: string;
  configFile: string;
  user: string | null;
}

const xml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderLaunchdPlist(input: PlistInput): string {
  const args = [input.nodePath, input.cliPath, 'run', '--config', input.configFile];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<!-- Written by `rport-tray service install`; `rport-tray service uninstall` removes it. -->',
    '<plist version="1.0">',
    '<dict>',
    '  <key>Label</key>',
    `  <string>${LAUNCHD_LABEL}</string>`,
    '  <key>ProgramArguments</key>',
    '  <array>',
    ...args.map((a) => `    <string>${xml(a)}</string>`),
    '  </array>',
    ...(input.user ? ['  <key>UserName</key>', `  <string>${xml(input.user)}</string>`] : []),
    '  <key>RunAtLoad</key>',
    '  <true/>',
    '  <key>KeepAlive</key>',
    '  <true/>',
    '  <key>ThrottleInterval</key>',
    '  <integer>120</integer>',
    '  <key>StandardOutPath</key>',
    `  <string>${LAUNCHD_LOG}</string>`,
    '  <key>StandardErrorPath</key>',
    `  <string>${LAUNCHD_LOG}</string>`,
    '</dict>',
    '</plist>',
    '',
  ].join('\n');
}
