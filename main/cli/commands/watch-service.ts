// `rport-tray watch-service`: the watchdog of the rport service installed on this machine (issue 17),
// headless. It can replace the PowerShell scheduled task of rport-win-watchdog (or systemd's
// WatchdogSec) on a server without a desktop: run it as a service of its own, or `--once` from a
// scheduled task (the restart budget is shared between runs through the record file). With --ui the
// window follows the service, as the desktop app does in service mode.
import path from 'node:path';
import type { CliCommand, CliIo } from '../command-types';
import { parseCommandArgs } from '../args';
import { EXIT_OK, EXIT_RUNTIME_ERROR, usageError } from '../exit-codes';
import { appDataDir, GO_SERVICE_NAME } from '../../config/app-paths';
import { DurationSyntaxError, parseGoDuration } from '../../shared/go/duration';
import type { ServiceManagerKind, ServiceWatchView } from '../../shared/types/service-watch-types';
import { splitCommandLine } from '../../watchdog/service/command-runner';
import type { ServiceWatchPolicyOverrides } from '../../watchdog/service/service-watch-policy';
// The watcher and the web UI load when this command runs, not with every command (README "Memory").
import type { ServiceWatchRunOptions } from '../../run/service-watch-run';
import { untilStopSignal } from '../../run/stop-signals';
import type { WebUi } from '../../ui-bridge';
import { ListenAddressError, parseListenAddress, type ListenAddress } from '../../ui-bridge/listen-address';
import { rendererDir } from '../../ui-bridge/renderer-dir';

const MANAGERS: readonly ServiceManagerKind[] = ['systemd', 'windows', 'launchd', 'command'];

export const watchServiceCommand: CliCommand = {
  name: 'watch-service',
  summary: 'watch the rport service installed here and restart it when it hangs or stops',
  usage:
    'Usage: rport-tray watch-service [--config FILE] [--state FILE] [--service NAME] [--manager KIND]\n' +
    '         [--status-command CMD] [--restart-command CMD] [--threshold DUR] [--margin DUR]\n' +
    '         [--interval DUR] [--max-restarts N] [--within DUR] [--data-dir DIR] [--record FILE]\n' +
    '         [--once [--retry] [--json]] [--ui 127.0.0.1:PORT [--save-helper CMD]]\n\n' +
    "Reads the service's state.json (watchdog_integration = true) and asks its service manager whether it\n" +
    "runs. State.json is stale when it is older than the service's keep_alive (connected) or its announced\n" +
    "retry wait (reconnecting), with the Go client's ping and dial timeouts and a margin, from its rport.conf;\n" +
    'a stale or stopped service is restarted through its service manager, at most --max-restarts times\n' +
    '--within, then the watcher gives up until SIGHUP (or --once --retry). Every restart is logged and kept\n' +
    'in the record file with its reason.\n\n' +
    "  --config FILE          the service's rport.conf (default: /etc/rport/rport.conf,\n" +
    '                         C:\\Program Files\\rport\\rport.conf, ... whichever exists)\n' +
    '  --state FILE           its state.json (default: <data_dir>/state.json of that config)\n' +
    `  --service NAME         its name for the service manager (default: ${GO_SERVICE_NAME})\n` +
    "  (what these options leave open, the administrator's policy.toml [rport-tray] section may set)\n" +
    "  --manager KIND         systemd, windows, launchd or command (default: this OS's)\n" +
    '  --status-command CMD   asks whether it runs instead: exit 0 running, 3 stopped\n' +
    '  --restart-command CMD  restarts it instead (e.g. "sudo -n systemctl restart rport")\n' +
    '  --threshold DUR        a fixed staleness threshold (e.g. 600s) instead of the computed deadlines\n' +
    '  --margin DUR           added to the computed deadlines (default 30s)\n' +
    '  --interval DUR         how often to look (default 15s; deadlines are checked when they fall due)\n' +
    '  --max-restarts N, --within DUR   the restart budget (default 5 within 1h)\n' +
    "  --data-dir DIR         the record file and the log (default: the app's data folder)\n" +
    '  --record FILE          the record file (default: DIR/service-watch-NAME.json)\n' +
    '  --once                 one check, a restart if it needs one, then exit: 0 healthy or restarted,\n' +
    '                         1 cannot judge, restart failed or gave up\n' +
    '  --ui ADDR              serve the window on loopback (open the printed URL)\n' +
    "  --save-helper CMD      with --ui: writes the service's rport.conf when this user may not\n" +
    '                         (called as CMD SOURCE TARGET; default pkexec on Linux, osascript on macOS)\n' +
    'Commands are split on spaces (quotes group) and run without a shell.\n' +
    'SIGINT/SIGTERM stop; SIGHUP gives a fresh restart budget after the watcher gave up.\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      config: { type: 'string', short: 'c' },
      state: { type: 'string' },
      service: { type: 'string' },
      manager: { type: 'string' },
      'status-command': { type: 'string' },
      'restart-command': { type: 'string' },
      threshold: { type: 'string' },
      margin: { type: 'string' },
      interval: { type: 'string' },
      'max-restarts': { type: 'string' },
      within: { type: 'string' },
      'data-dir': { type: 'string' },
      record: { type: 'string' },
      once: { type: 'boolean' },
      retry: { type: 'boolean' },
      json: { type: 'boolean' },
      ui: { type: 'string' },
      'save-helper': { type: 'string' },
    });
    const manager = values.manager;
    if (manager !== undefined && !MANAGERS.includes(manager as ServiceManagerKind)) {
      throw usageError(`--manager must be one of ${MANAGERS.join(', ')}`);
    }
    if (manager === 'command' && (!values['status-command'] || !values['restart-command'])) {
      throw usageError('--manager command needs --status-command and --restart-command');
    }
    if (values.once && values.ui !== undefined) throw usageError('--once and --ui do not go together');
    if ((values.retry || values.json) && !values.once) throw usageError('--retry and --json go with --once');
    const dataDir = path.resolve(values['data-dir'] ?? appDataDir());
    const options: ServiceWatchRunOptions = {
      choice: {
        configPath: values.config ? path.resolve(values.config) : null,
        stateFile: values.state ? path.resolve(values.state) : null,
        ...(values.service ? { serviceName: values.service } : {}),
      },
      manager: {
        ...(manager ? { kind: manager as ServiceManagerKind } : {}),
        statusCommand: command(values['status-command'], 'status-command'),
        restartCommand: command(values['restart-command'], 'restart-command'),
      },
      policy: policyFrom(values),
      dataDir,
      ...(values.record ? { recordFile: path.resolve(values.record) } : {}),
      ...(values['save-helper'] ? { saveHelper: command(values['save-helper'], 'save-helper') } : {}),
      ...(values.retry ? { retry: true } : {}),
    };
    if (values.once) return once(options, values.json === true, io);
    return watch(options, values.ui === undefined ? null : uiAddress(values.ui), io);
  },
};

async function once(options: ServiceWatchRunOptions, json: boolean, io: CliIo): Promise<number> {
  const { checkServiceOnce } = await import('../../run/service-watch-run');
  const { view, restarted } = await checkServiceOnce(options);
  const ok = view.health === 'healthy' || (restarted > 0 && view.health === 'restarting');
  if (json) io.stdout(`${JSON.stringify(view, null, 2)}\n`);
  else io.stdout(formatView(view, restarted));
  return ok ? EXIT_OK : EXIT_RUNTIME_ERROR;
}

/** What one check found, for a person or a scheduled task's log. */
export function formatView(view: ServiceWatchView, restarted: number): string {
  const lines = [`${view.serviceName} service (${view.runningDetail}): ${view.health}: ${view.healthText}`];
  const newest = view.restarts[view.restarts.length - 1];
  if (restarted > 0 && newest) {
    lines.push(`  ${newest.failed ? 'restart failed' : 'restarted'}: ${newest.text}`);
  }
  if (view.failedReason) lines.push(`  gave up: ${view.failedReason} (--once --retry restarts it again)`);
  for (const p of view.problems) lines.push(`  problem: ${p.message}${p.fix ? `\n    fix: ${p.fix}` : ''}`);
  return `${lines.join('\n')}\n`;
}

async function watch(options: ServiceWatchRunOptions, listen: ListenAddress | null, io: CliIo): Promise<number> {
  const { openServiceWatchRun } = await import('../../run/service-watch-run');
  const { app, sink } = await openServiceWatchRun(options, io);
  let webUi: WebUi | null = null;
  try {
    await app.start();
    if (listen) {
      const { startWebUi } = await import('../../ui-bridge');
      webUi = await startWebUi({
        backend: app.core,
        listen,
        staticDir: rendererDir(),
        onLog: (level, message) => sink.log(level, 'web-ui', message),
      });
    }
  } catch (err) {
    sink.log('error', 'cli', `cannot start: ${err instanceof Error ? err.message : String(err)}`);
    await app.stop().catch(() => undefined);
    await sink.close();
    return EXIT_RUNTIME_ERROR;
  }
  // The URL carries the token: it goes to the terminal only, never into the log file.
  if (webUi) io.stdout(`rport-tray: web UI at ${webUi.url}\n`);
  const outcome = await untilStopSignal(
    {
      stop: async () => {
        await webUi?.close();
        await app.stop();
      },
      kill: () => app.kill(),
      retry: () => void app.retry(),
    },
    sink,
  );
  await sink.close();
  return outcome === 'stopped' ? EXIT_OK : EXIT_RUNTIME_ERROR;
}

function command(text: string | undefined, name: string): string[] | null {
  if (text === undefined) return null;
  try {
    const argv = splitCommandLine(text);
    if (argv.length === 0) throw new Error('it is empty');
    return argv;
  } catch (err) {
    throw usageError(`--${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function duration(text: string | undefined, name: string, zeroAllowed = false): number | undefined {
  if (text === undefined) return undefined;
  try {
    const ms = parseGoDuration(text) / 1e6;
    if (!(ms > 0) && !(zeroAllowed && ms === 0)) throw new DurationSyntaxError('it must be longer than 0s');
    return ms;
  } catch (err) {
    throw usageError(
      `--${name}: ${err instanceof Error ? err.message : String(err)} (a Go duration such as 600s or 5m)`,
    );
  }
}

function policyFrom(values: Record<string, string | boolean | undefined>): ServiceWatchPolicyOverrides {
  const str = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const policy: ServiceWatchPolicyOverrides = {};
  const threshold = duration(str('threshold'), 'threshold');
  const margin = duration(str('margin'), 'margin', true);
  const interval = duration(str('interval'), 'interval');
  const within = duration(str('within'), 'within');
  if (threshold !== undefined) policy.thresholdMs = threshold;
  if (margin !== undefined) policy.marginMs = margin;
  if (interval !== undefined) policy.checkIntervalMs = interval;
  const max = str('max-restarts');
  if (max !== undefined) {
    if (!/^[1-9]\d*$/.test(max)) throw usageError('--max-restarts must be a whole number from 1');
    policy.budget = { burst: Number(max) };
  }
  if (within !== undefined) policy.budget = { ...policy.budget, intervalMs: within };
  return policy;
}

function uiAddress(text: string): ListenAddress {
  try {
    return parseListenAddress(text);
  } catch (err) {
    if (err instanceof ListenAddressError) throw usageError(err.message);
    throw err;
  }
}
