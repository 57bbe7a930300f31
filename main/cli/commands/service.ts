// `rport-tray service install|uninstall|status`: run the client as a system service on machines without
// a desktop (main/cli/service: a systemd unit on Linux, a launchd daemon on macOS).
import path from 'node:path';
import { appDataDir } from '../../config/app-paths';
import { loadConfig } from '../../config/load-config';
import { formatProblem } from '../../config/problems';
import { parseCommandArgs, requireOption } from '../args';
import type { CliCommand } from '../command-types';
import { CliError, EXIT_INVALID_CONFIG, EXIT_OK, EXIT_RUNTIME_ERROR, usageError } from '../exit-codes';
import { systemServiceHost, type ServiceHost } from '../service/service-host';
import { serviceManager, ServiceRefusal } from '../service/service-manager';

const USAGE = [
  'Usage: rport-tray service install --config FILE [--user NAME]',
  '       rport-tray service uninstall',
  '       rport-tray service status',
  '',
  'install   writes and enables a service that runs `rport-tray run --config FILE` at boot and now:',
  '          Linux: /etc/systemd/system/rport-tray.service (Type=notify, WatchdogSec from the config,',
  '          Restart=always, RestartSec=120); macOS: a launchd daemon (KeepAlive). FILE must be valid.',
  '          --user NAME runs it as that user (default root). Needs root.',
  'uninstall stops and disables it and removes the file. Needs root.',
  'status    shows whether it is installed and what the service manager says about it.',
  '',
  'Exit codes: 0 done (status: installed), 1 refused, failed or not installed, 2 usage error, 3 invalid config.',
  '',
].join('\n');

export function createServiceCommand(hostOf: () => ServiceHost = () => systemServiceHost()): CliCommand {
  return {
    name: 'service',
    summary: 'install, uninstall or show the system service (systemd unit, launchd daemon)',
    usage: USAGE,
    async run(args, io) {
      const { values, positionals } = parseCommandArgs(
        args,
        { config: { type: 'string', short: 'c' }, user: { type: 'string' } },
        true,
      );
      const [action, ...extra] = positionals;
      if (extra.length > 0) throw usageError(`unexpected ${extra.join(' ')}`);
      if (action !== 'install' && action !== 'uninstall' && action !== 'status')
        throw usageError(action === undefined ? 'install, uninstall or status?' : `unknown action "${action}"`);
      if (action !== 'install' && (values.config !== undefined || values.user !== undefined))
        throw usageError(`--config and --user belong to install, not ${action}`);
      const say = (line: string): void => io.stdout(`${line}\n`);
      const host = hostOf();
      try {
        // Refused before anything is read or written.
        if (action !== 'status' && !host.isRoot)
          throw new ServiceRefusal(
            `${action} needs root: run it again with sudo (sudo rport-tray service ${action} …)`,
          );
        const manager = serviceManager(host, say);
        if (action === 'status') return (await manager.status()) ? EXIT_OK : EXIT_RUNTIME_ERROR;
        if (action === 'uninstall') {
          await manager.uninstall();
          return EXIT_OK;
        }
        const configFile = path.resolve(requireOption(values.config, 'config'));
        const loaded = await loadConfig(configFile, { defaultDataDir: appDataDir() });
        for (const problem of loaded.problems) io.stderr(`${formatProblem(problem)}\n`);
        if (!loaded.ok) {
          io.stderr('rport-tray service: not installed: the config has errors (see above)\n');
          return EXIT_INVALID_CONFIG;
        }
        if (values.user !== undefined && !/^[a-z_][a-z0-9_.-]*\$?$/i.test(values.user))
          throw usageError(`--user: "${values.user}" is not a user name`);
        await manager.install({ configFile, config: loaded.config, user: values.user ?? null });
        return EXIT_OK;
      } catch (err) {
        if (err instanceof ServiceRefusal) throw new CliError(`refused: ${err.message}`, EXIT_RUNTIME_ERROR);
        throw err;
      }
    },
  };
}

export const serviceCommand = createServiceCommand();
