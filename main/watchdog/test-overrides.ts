// Short timings for tests of real processes: the engine's timings (back-off, dial timeout, keep-alive
// jitter) and the watchdog policy, passed as JSON through the environment so that both the supervisor
// and the worker it spawns see the same values. Honoured only with RPORT_TRAY_TEST_FAULTS=1.

import type { WatchdogPolicyOverrides } from './watchdog-policy';
import { TEST_FAULTS_ENV } from './worker-runtime';

export const TEST_ENGINE_TIMINGS_ENV = 'RPORT_TRAY_TEST_ENGINE_TIMINGS';
export const TEST_WATCHDOG_POLICY_ENV = 'RPORT_TRAY_TEST_WATCHDOG_POLICY';

function jsonFromEnv<T>(env: NodeJS.ProcessEnv, name: string): T | undefined {
  if (env[TEST_FAULTS_ENV] !== '1') return undefined;
  const text = env[name];
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${name} is not JSON: ${(err as Error).message}`);
  }
}

/** Partial engine timings (see main/engine/engine-timings.ts), or undefined. */
export function testEngineTimings<T extends object>(env: NodeJS.ProcessEnv = process.env): Partial<T> | undefined {
  return jsonFromEnv<Partial<T>>(env, TEST_ENGINE_TIMINGS_ENV);
}

export function testWatchdogPolicy(env: NodeJS.ProcessEnv = process.env): WatchdogPolicyOverrides | undefined {
  return jsonFromEnv<WatchdogPolicyOverrides>(env, TEST_WATCHDOG_POLICY_ENV);
}
