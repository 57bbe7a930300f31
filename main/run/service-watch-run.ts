// `rport-tray watch-service` up to the point where a transport attaches (the headless sibling of
// headless-run.ts): the service to watch resolved (the usual install places unless told), its service
// manager with any configured commands, the log (stdout plus `<data dir>/logs/rport-tray-service-watch.log`)
// and the composition of service-watch-app.ts. `--once` is one check (and a restart when the service
// needs it) sharing the budget of earlier runs through the record file, for a scheduled task.
import path from 'node:path';
import { findInstalledServices } from '../watchdog/service/service-target';
import { HeadlessSettings } from '../app/settings/headless-settings';
import { loadConf } from '../config/conf-store';
import { loadPolicy } from '../config/policy';
import { GO_SERVICE_NAME, policyFilePath } from '../config/app-paths';
import { splitCommandLine } from '../watchdog/service/command-runner';
import { currentPlatform } from '../config/defaults';
import { createLogSink, type LogSink } from '../logging/log-sink';
import type { ServiceManagerKind, ServiceWatchView } from '../shared/types/service-watch-types';
import { createServiceManager } from '../watchdog/service/create-service-manager';
import type { ServiceManager } from '../watchdog/service/service-manager';
import { resolveServiceTarget, type ServiceChoice, type ServiceTarget } from '../watchdog/service/service-target';
import type { ServiceWatchPolicyOverrides } from '../watchdog/service/service-watch-policy';
import {
  readServiceWatchRecord,
  serviceWatchRecordPath,
  writeServiceWatchRecord,
} from '../watchdog/service/service-watch-record';
import { ServiceWatcher } from '../watchdog/service/service-watcher';
import type { ConsoleIo } from './console-io';
import { composeServiceWatchApp, type ServiceWatchApp } from './service-watch-app';

export interface ServiceWatchRunOptions {
  /** A null or absent field: the policy's `[rport-tray]` value, else the usual place / name. */
  choice: Omit<ServiceChoice, 'serviceName'> & { serviceName?: string };
  manager: {
    kind?: ServiceManagerKind;
    statusCommand?: readonly string[] | null;
    restartCommand?: readonly string[] | null;
  };
  policy?: ServiceWatchPolicyOverrides;
  /** The watcher's own folder: the record file and the log. */
  dataDir: string;
  /** Default: `<dataDir>/service-watch-<name>.json`. */
  recordFile?: string;
  saveHelper?: readonly string[] | null;
  /** `--once --retry`: forget that an earlier run gave up (a fresh budget). */
  retry?: boolean;
}

interface Prepared {
  target: ServiceTarget;
  manager: ServiceManager;
  recordFile: string;
  saveHelper: readonly string[] | null;
}

async function prepare(options: ServiceWatchRunOptions): Promise<Prepared> {
  // What the command line leaves open, the administrator's `[rport-tray]` policy may say.
  const { tray } = await loadPolicy(policyFilePath());
  const split = (text: string | undefined) => (text === undefined ? null : splitCommandLine(text));
  const target = await resolveServiceTarget({
    configPath: options.choice.configPath ?? tray.serviceConfig ?? null,
    stateFile: options.choice.stateFile ?? tray.serviceStateFile ?? null,
    serviceName: options.choice.serviceName ?? tray.serviceName ?? GO_SERVICE_NAME,
  });
  const manager = createServiceManager({
    serviceName: target.serviceName,
    ...(options.manager.kind ? { kind: options.manager.kind } : {}),
    statusCommand: options.manager.statusCommand ?? split(tray.serviceStatusCommand),
    restartCommand: options.manager.restartCommand ?? split(tray.serviceRestartCommand),
  });
  const recordFile = path.resolve(options.recordFile ?? serviceWatchRecordPath(options.dataDir, target.serviceName));
  const saveHelper = options.saveHelper ?? split(tray.serviceSaveHelper);
  return { target, manager, recordFile, saveHelper };
}

export async function openServiceWatchRun(
  options: ServiceWatchRunOptions,
  io: ConsoleIo,
): Promise<{ app: ServiceWatchApp; sink: LogSink }> {
  const prepared = await prepare(options);
  const sink = await createLogSink({
    dataDir: options.dataDir,
    logFile: path.join(options.dataDir, 'logs', 'rport-tray-service-watch.log'),
    stdout: { write: (text: string) => io.stdout(text) },
  });
  const { target, manager, recordFile, saveHelper } = prepared;
  sink.log(
    'info',
    'cli',
    `rport-tray watch-service: service ${target.serviceName} (${manager.kind}), config ${target.configPath}, ` +
      `restarts with \`${manager.restartCommand}\`, record ${recordFile}`,
  );
  const policy = await loadPolicy(policyFilePath());
  let app: ServiceWatchApp | null = null;
  const settings = new HeadlessSettings(
    options.dataDir,
    await loadConf(),
    (recovery) => (app ? app.core.notice(recovery.message) : sink.log('warn', 'app', recovery.message)),
    { active: 'service', policy: { tray: policy.tray, file: policy.exists ? policy.file : null } },
  );
  app = await composeServiceWatchApp({
    target,
    manager,
    sink,
    mode: 'headless',
    settings,
    appDataDir: options.dataDir,
    recordFile,
    detectClockJumps: true,
    installedServices: () => findInstalledServices(),
    ...(options.policy ? { policy: options.policy } : {}),
    saveHelper,
  });
  return { app, sink };
}

export interface ServiceCheckResult {
  view: ServiceWatchView;
  /** Restarts this check made (0 or 1). */
  restarted: number;
}

/** One check, a restart when the service needs one and the budget (shared through the record) allows. */
export async function checkServiceOnce(options: ServiceWatchRunOptions): Promise<ServiceCheckResult> {
  const { target, manager, recordFile } = await prepare(options);
  const record = await readServiceWatchRecord(recordFile, target.serviceName);
  const watcher = new ServiceWatcher({
    target,
    manager,
    platform: currentPlatform(),
    history: record.restarts,
    failedReason: record.failedReason,
    ...(options.policy ? { policy: options.policy } : {}),
  });
  if (options.retry) watcher.retry();
  const before = watcher.current().restartCount;
  const view = await watcher.check();
  if (view.restartCount !== before || view.failedReason !== record.failedReason) {
    await writeServiceWatchRecord(recordFile, {
      version: 1,
      serviceName: target.serviceName,
      restarts: view.restarts,
      failedReason: view.failedReason,
    });
  }
  return { view, restarted: view.restartCount - before };
}
