// The first-start connection test over the engine's own step-by-step dial (main/engine/connection-test):
// the setup input becomes a config with the app's defaults, and the engine's steps become the contract's
// report, with the steps after a failure shown as skipped and the server's fingerprint picked out.
import {
  connectionStepSchema,
  type ConnectionStep,
  type ConnectionTestReport,
  type SetupInput,
} from '../../shared/contract';
import { defaultConfig } from '../../config/defaults';
import type { RportConfig } from '../../shared/types/config-types';
import { testConnection, type ConnectionTestResult } from '../../engine/connection-test';
import type { ConnectionTester } from '../core/app-ports';

const STEPS: readonly ConnectionStep[] = connectionStepSchema.options;
const FINGERPRINT = /\b[0-9a-f]{2}(?::[0-9a-f]{2}){15}\b/i;

export function setupConfig(input: SetupInput, dataDir: string): RportConfig {
  const config = defaultConfig(dataDir);
  config.client.server = input.server.trim();
  config.client.fallback_servers = input.fallbackServers.map((s) => s.trim());
  config.client.auth = `${input.authId.trim()}:${input.password}`;
  config.client.fingerprint = input.fingerprint.trim();
  return config;
}

export function toReport(result: ConnectionTestResult): ConnectionTestReport {
  const byStep = new Map(result.steps.map((s) => [s.step, s]));
  const failed = result.steps.find((s) => !s.ok && (STEPS as string[]).includes(s.step));
  const fingerprintStep = byStep.get('fingerprint');
  return {
    ok: result.ok,
    // The proxy step exists only when the test went through a proxy.
    steps: STEPS.filter((step) => step !== 'proxy' || byStep.has('proxy')).map((step) => {
      const seen = byStep.get(step);
      return seen
        ? { step, status: seen.ok ? 'ok' : 'failed', detail: seen.message, durationMs: seen.ms }
        : { step, status: 'skipped', detail: '', durationMs: null };
    }),
    failedStep: failed ? (failed.step as ConnectionStep) : null,
    message: failed ? failed.message : result.ok ? 'the server accepted these credentials' : 'the test did not finish',
    serverFingerprint: fingerprintStep ? (FINGERPRINT.exec(fingerprintStep.message)?.[0] ?? null) : null,
  };
}

/** `systemProxies`: the desktop app's system proxy for a config's servers (undefined: none). */
export function engineConnectionTester(
  dataDir: string,
  systemProxies?: (config: RportConfig) => Promise<Record<string, string> | undefined>,
): ConnectionTester {
  return async (input, signal) => {
    const config = setupConfig(input, dataDir);
    const proxies = await systemProxies?.(config);
    return toReport(await testConnection(config, { signal, ...(proxies ? { systemProxies: proxies } : {}) }));
  };
}
