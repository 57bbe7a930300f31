// What runs inside the engine worker process: takes the supervisor's commands, drives the engine,
// sends its events back, and honours test faults only when the environment enables them.

import type { Engine, EngineCommand, EngineEvent, EngineTestFault } from '../shared/types/engine-types';
import type { WorkerChannel } from './worker-channel';
import { startWorkerHeartbeat, WORKER_HEARTBEAT_MS } from './worker-heartbeat';

export const TEST_FAULTS_ENV = 'RPORT_TRAY_TEST_FAULTS';
/** Tests: a fault to inject as soon as the engine starts (a crash loop needs every worker to crash). */
export const TEST_FAULT_AT_START_ENV = 'RPORT_TRAY_TEST_FAULT_AT_START';
export const CRASH_EXIT_CODE = 70;

const FAULTS: readonly EngineTestFault[] = ['block-loop', 'stall', 'crash', 'throw'];

/** An engine that can also stop all of its own progress on request (tests only). */
export interface StallableEngine extends Engine {
  injectFault?(fault: 'stall'): void;
}

export interface WorkerRuntimeOptions {
  channel: WorkerChannel;
  createEngine: () => StallableEngine;
  pid: number;
  version: string;
  env: NodeJS.ProcessEnv;
  exit: (code: number) => void;
  /** The interval of the `alive` heartbeat (default WORKER_HEARTBEAT_MS). */
  heartbeatMs?: number;
}

export function runWorker(options: WorkerRuntimeOptions): void {
  const { channel, env } = options;
  const faultsEnabled = env[TEST_FAULTS_ENV] === '1';
  let engine: StallableEngine | null = null;
  let stalled = false;
  let stopping: Promise<void> | null = null;

  const relay = (event: EngineEvent): void => {
    // A stalled engine must look silent to the supervisor even if some event slips through.
    if (!stalled) channel.send({ type: 'event', event });
  };
  const log = (level: 'info' | 'warn' | 'error', message: string): void =>
    relay({ type: 'log', line: { at: Date.now(), level, source: 'worker', message } });

  const stopAndExit = (): void => {
    stopping ??= (async () => {
      try {
        await engine?.stop();
      } catch (err) {
        log('error', `stopping the engine failed: ${err instanceof Error ? err.message : String(err)}`);
      }
      options.exit(0);
    })();
  };

  const injectFault = (fault: EngineTestFault): void => {
    if (!faultsEnabled) {
      log('warn', `ignored test fault "${fault}" (${TEST_FAULTS_ENV} is not set)`);
      return;
    }
    switch (fault) {
      case 'block-loop':
        // Nothing after this runs again in this process: no timer, no message, no signal handler.
        for (;;) {
          /* busy */
        }
      case 'stall':
        stalled = true;
        if (engine?.injectFault) engine.injectFault('stall');
        // Without the engine's own switch, pausing is the closest to a logical hang: no dials, no pings.
        else engine?.pause();
        return;
      case 'crash':
        options.exit(CRASH_EXIT_CODE);
        return;
      case 'throw':
        setImmediate(() => {
          throw new Error('test fault: uncaught error in the engine worker');
        });
        return;
    }
  };

  const handle = (command: EngineCommand): void => {
    switch (command.type) {
      case 'start': {
        if (engine) {
          log('warn', 'ignored a second start command');
          return;
        }
        try {
          engine = options.createEngine();
          engine.on(relay);
          engine.start(command.options);
        } catch (err) {
          channel.send({ type: 'fatal', message: err instanceof Error ? err.message : String(err) });
          options.exit(1);
          return;
        }
        const atStart = env[TEST_FAULT_AT_START_ENV] as EngineTestFault | undefined;
        if (atStart && FAULTS.includes(atStart)) injectFault(atStart);
        return;
      }
      case 'stop':
        stopAndExit();
        return;
      case 'pause':
        engine?.pause();
        return;
      case 'resume':
        engine?.resume();
        return;
      case 'switch-server':
        engine?.switchServer(command.index);
        return;
      case 'block-remote-commands':
        engine?.setRemoteCommandsBlocked(command.blocked);
        return;
      case 'update-config':
        // Before `start` there is nothing to update: the supervisor starts the worker with the new config.
        engine?.updateConfig?.(command.config);
        return;
      case 'test-fault':
        injectFault(command.fault);
        return;
    }
  };

  channel.onMessage((message) => {
    if (typeof message !== 'object' || message === null || typeof (message as { type?: unknown }).type !== 'string')
      return;
    handle(message as EngineCommand);
  });
  channel.onParentGone(stopAndExit);
  const heartbeatMs = options.heartbeatMs ?? WORKER_HEARTBEAT_MS;
  channel.send({ type: 'ready', pid: options.pid, version: options.version, heartbeatMs });
  // From the event loop itself, not from the engine: a stalled engine still beats (its progress deadline
  // catches it), a blocked or stopped process does not.
  startWorkerHeartbeat((message) => channel.send(message), heartbeatMs);
}
