// `npm start` after the build: launches the desktop app with the Electron binary, fetching that binary
// first when it is missing (its first start: Electron 45 downloads it on first use, which needs network;
// its downloader declares Node >= 22.12). When the fetch fails, Electron's own advice ("delete
// node_modules/electron and try again") does not help offline; this says what does: the headless mode,
// which needs no Electron at all, or fetching the binary later on a network.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Tests point this at a copy of the electron package without its binary.
const electronDir = process.env.RPORT_TRAY_ELECTRON_PACKAGE || path.join(root, 'node_modules', 'electron');

/** The Electron executable when it is installed, else null. */
function installedBinary() {
  try {
    const relative = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(electronDir, 'dist'), relative);
    return existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function offlineAdvice(reason) {
  return [
    '',
    `npm start: the Electron binary is not installed and could not be fetched (${reason}).`,
    'Electron downloads it on first start: that needs network (and its downloader declares Node >= 22.12;',
    `this is Node ${process.versions.node}).`,
    '',
    'Without network, run RPort Tray headless instead: the same window in your browser, no Electron needed:',
    '  npx rport-tray run --ui 127.0.0.1:8421      then open the link it prints',
    '  (the first start opens the setup; see "Using it" in the README)',
    '',
    'To fetch the binary later, on a network: npx install-electron --no   then npm start again.',
    'Deleting node_modules/electron is not needed.',
    '',
  ].join('\n');
}

let binary = installedBinary();
if (!binary) {
  process.stdout.write('npm start: fetching the Electron binary (first start; needs network)…\n');
  const fetched = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
    timeout: 10 * 60_000,
  });
  binary = installedBinary();
  if (!binary) {
    const reason =
      fetched.error?.message ?? (fetched.status === null ? `stopped by ${fetched.signal}` : `exit ${fetched.status}`);
    process.stderr.write(offlineAdvice(`the download failed: ${reason}`));
    process.exit(1);
  }
}

const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit', windowsHide: false });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (err) => {
  process.stderr.write(
    `npm start: cannot start ${binary}: ${err.message}\n` +
      'The headless mode needs no Electron: npx rport-tray run --ui 127.0.0.1:8421 (then open the link it prints).\n',
  );
  process.exit(1);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
