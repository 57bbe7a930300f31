// `rport-tray service install|uninstall|status`: a systemd unit on Linux, a launchd daemon on macOS,
// each step printed as it is done. It refuses, saying why and what to do instead, where it cannot act:
// not root, no systemd running, another OS.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RportConfig } from '../../shared/types/config-types';
import { engineTimingFacts } from '../../watchdog/engine-timing-facts';
import { LAUNCHD_DIR, LAUNCHD_LABEL, LAUNCHD_LOG, renderLaunchdPlist } from './launchd-plist';
import type { ServiceHost } from './service-host';
import { serviceTiming } from './service-timing';
import { renderSystemdUnit, SYSTEMD_UNIT_DIR, SYSTEMD_UNIT_NAME } from './systemd-unit';

export class ServiceRefusal extends Error {}

export interface InstallRequest {
  configFile: string;
  config: RportConfig;
  user: string | null;
}

type Say = (line: string) => void;

interface Manager {
  install(request: InstallRequest): Promise<void>;
  uninstall(): Promise<void>;
  /** Resolves true when the service is installed. */
  status(): Promise<boolean>;
}

export function serviceManager(host: ServiceHost, say: Say): Manager {
  if (host.platform === 'linux') return systemdManager(host, say);
  if (host.platform === 'darwin') return launchdManager(host, say);
  throw new ServiceRefusal(
    `a service is not supported on ${host.platform}: start \`rport-tray run --config FILE\` with the OS's ` +
      "service tools (Windows: the Go client's service or a scheduled task), or use the desktop app",
  );
}

const inRoot = (host: ServiceHost, ...parts: string[]): string => path.join(host.root, ...parts);

function requireRoot(host: ServiceHost, action: string): void {
  if (!host.isRoot)
    throw new ServiceRefusal(`${action} needs root: run it again with sudo (sudo rport-tray service ${action} …)`);
}

async function step(host: ServiceHost, say: Say, command: string, args: string[], mayFail = false): Promise<boolean> {
  const shown = `${path.basename(command)} ${args.join(' ')}`;
  const result = await host.run(command, args);
  if (result.code === 0) {
    say(`ran: ${shown}`);
    return true;
  }
  const why = (result.stderr || result.stdout).trim() || `exit code ${result.code}`;
  if (mayFail) {
    say(`ran: ${shown} (${why}; not needed)`);
    return false;
  }
  throw new Error(`${shown} failed: ${why}`);
}

function writeFile(file: string, text: string, say: Say): void {
  const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o644 });
  say(`${before === null ? 'wrote' : before === text ? 'rewrote (unchanged)' : 'replaced'} ${file}`);
}

function systemdManager(host: ServiceHost, say: Say): Manager {
  const unitFile = inRoot(host, SYSTEMD_UNIT_DIR, SYSTEMD_UNIT_NAME);
  const systemctl = (args: string[], mayFail = false) => step(host, say, host.systemctl, args, mayFail);
  const requireSystemd = (): void => {
    // sd_booted(3): systemd is the init system when this directory exists.
    if (!existsSync(inRoot(host, 'run/systemd/system')))
      throw new ServiceRefusal(
        'this machine does not run systemd (no /run/systemd/system): start `rport-tray run --config FILE` ' +
          'with its own init system',
      );
  };
  return {
    async install(request) {
      requireRoot(host, 'install');
      requireSystemd();
      const timing = serviceTiming(request.config, engineTimingFacts());
      writeFile(
        unitFile,
        renderSystemdUnit({
          nodePath: host.nodePath,
          cliPath: host.cliPath,
          configFile: request.configFile,
          user: request.user,
          timing,
          writtenAt: host.now(),
        }),
        say,
      );
      say(
        timing.watchdogSec === null
          ? 'no WatchdogSec: keep_alive = 0 in the config, so nothing is reported while connected'
          : `WatchdogSec=${timing.watchdogSec}: this config may go ${timing.quietSec} s without a ping or a retry, plus a margin`,
      );
      await systemctl(['daemon-reload']);
      await systemctl(['enable', SYSTEMD_UNIT_NAME]);
      // --no-block: Type=notify makes `start` wait for READY=1, i.e. for the first connection.
      await systemctl(['restart', '--no-block', SYSTEMD_UNIT_NAME]);
      say(
        `installed: ${SYSTEMD_UNIT_NAME} starts now and at every boot, as ${request.user ?? 'root'}, with ${request.configFile}`,
      );
      say(
        `see: systemctl status ${SYSTEMD_UNIT_NAME}; journalctl -u ${SYSTEMD_UNIT_NAME}; ` +
          `rport-tray status --data-dir ${request.config.client.data_dir}`,
      );
    },
    async uninstall() {
      requireRoot(host, 'uninstall');
      if (!existsSync(unitFile)) {
        say(`not installed: there is no ${unitFile}`);
        return;
      }
      if (existsSync(inRoot(host, 'run/systemd/system')))
        await systemctl(['disable', '--now', SYSTEMD_UNIT_NAME], true);
      rmSync(unitFile, { force: true });
      say(`removed ${unitFile}`);
      if (existsSync(inRoot(host, 'run/systemd/system'))) await systemctl(['daemon-reload']);
      say(`uninstalled: ${SYSTEMD_UNIT_NAME} is stopped and no longer starts at boot`);
    },
    async status() {
      if (!existsSync(unitFile)) {
        say(`not installed (no ${unitFile})`);
        return false;
      }
      say(`unit file: ${unitFile}`);
      requireSystemd();
      const shown = await host.run(host.systemctl, [
        'show',
        SYSTEMD_UNIT_NAME,
        '--property=LoadState,UnitFileState,ActiveState,SubState,MainPID,NRestarts,WatchdogUSec,StatusText',
      ]);
      if (shown.code !== 0) throw new Error(`systemctl show failed: ${(shown.stderr || shown.stdout).trim()}`);
      for (const line of shown.stdout.split('\n')) {
        const [key, ...rest] = line.split('=');
        if (key) say(`${`${key}:`.padEnd(15)} ${rest.join('=')}`);
      }
      return true;
    },
  };
}

function launchdManager(host: ServiceHost, say: Say): Manager {
  const plist = inRoot(host, LAUNCHD_DIR, `${LAUNCHD_LABEL}.plist`);
  const launchctl = (args: string[], mayFail = false) => step(host, say, host.launchctl, args, mayFail);
  return {
    async install(request) {
      requireRoot(host, 'install');
      writeFile(
        plist,
        renderLaunchdPlist({
          nodePath: host.nodePath,
          cliPath: host.cliPath,
          configFile: request.configFile,
          user: request.user,
        }),
        say,
      );
      await launchctl(['bootout', `system/${LAUNCHD_LABEL}`], true);
      await launchctl(['bootstrap', 'system', plist]);
      await launchctl(['enable', `system/${LAUNCHD_LABEL}`]);
      say(
        `installed: ${LAUNCHD_LABEL} runs now and at every boot, as ${request.user ?? 'root'}, with ${request.configFile}`,
      );
      say(`see: sudo launchctl print system/${LAUNCHD_LABEL}; ${LAUNCHD_LOG}`);
    },
    async uninstall() {
      requireRoot(host, 'uninstall');
      if (!existsSync(plist)) {
        say(`not installed: there is no ${plist}`);
        return;
      }
      await launchctl(['bootout', `system/${LAUNCHD_LABEL}`], true);
      rmSync(plist, { force: true });
      say(`removed ${plist}`);
      say(`uninstalled: ${LAUNCHD_LABEL} is stopped and no longer starts at boot`);
    },
    async status() {
      if (!existsSync(plist)) {
        say(`not installed (no ${plist})`);
        return false;
      }
      say(`daemon: ${plist}`);
      const shown = await host.run(host.launchctl, ['print', `system/${LAUNCHD_LABEL}`]);
      if (shown.code !== 0) {
        say('state:         not loaded (launchctl print found no such service)');
        return true;
      }
      for (const key of ['state', 'pid', 'last exit code', 'runs']) {
        const match = new RegExp(`^\\s*${key} = (.*)$`, 'm').exec(shown.stdout);
        if (match) say(`${`${key}:`.padEnd(15)} ${match[1]}`);
      }
      return true;
    },
  };
}
