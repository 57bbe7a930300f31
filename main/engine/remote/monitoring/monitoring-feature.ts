// Client monitoring (§5.3 `save_measurement`): runs only when `[monitoring] enabled` and the server's
// put_capabilities has MonitoringVersion>0; first measurement at once, then every `interval` (at least
// 60 s, as in the Go client: the effective config the engine runs on holds the raised value), sent with
// want_reply=false while the connection lasts.
import type { SessionFeature } from '../../server-session';
import { youngGeneration } from '../../young-generation';
import { measurementPayload, type SystemMonitor } from './measurement';

const NS_PER_MS = 1_000_000;

export interface MonitoringTiming {
  /** Overrides `[monitoring] interval` and its 60 s minimum; for tests. */
  intervalMs?: number;
}

export function createMonitoringSessionFeature(monitor: SystemMonitor, timing: MonitoringTiming = {}): SessionFeature {
  return {
    name: 'monitoring',
    start(session, context) {
      let timer: NodeJS.Timeout | null = null;
      let started = false;
      let stopped = false;
      return {
        capabilities(capabilities) {
          const section = context.config.monitoring;
          if (started || stopped) return;
          if (!section.enabled) return;
          if ((capabilities.MonitoringVersion ?? 0) <= 0) {
            context.log('debug', 'Server has no monitoring capability, measurement not started');
            return;
          }
          started = true;
          const every = timing.intervalMs ?? Math.floor(section.interval / NS_PER_MS);
          const loop = async (): Promise<void> => {
            const started = Date.now();
            const measurement = await monitor.measure(section, context.log);
            if (stopped || session.closed) return;
            const data = measurementPayload(measurement);
            context.log('debug', `sending ${data.length} bytes of monitoring data to server`);
            session.notify('save_measurement', data);
            // The measurement's garbage, scavenged now in an idle worker rather than left committing a page.
            youngGeneration.garbageMade();
            timer = setTimeout(() => void loop(), Math.max(0, every - (Date.now() - started)));
            timer.unref();
          };
          context.log('debug', 'Monitor started');
          void loop();
        },
        stop() {
          stopped = true;
          if (timer) clearTimeout(timer);
        },
      };
    },
  };
}
