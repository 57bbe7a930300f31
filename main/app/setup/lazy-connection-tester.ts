// The connection test, loaded when it first runs: its report mapping needs the contract's schemas (zod)
// and the test itself the engine's dialer (ws, TLS, ssh2), none of which a running client needs at start
// (README "Memory"). Same arguments as engineConnectionTester.
import type { RportConfig } from '../../shared/types/config-types';
import type { ConnectionTester } from '../core/app-ports';

export function lazyEngineConnectionTester(
  dataDir: string,
  systemProxies?: (config: RportConfig) => Promise<Record<string, string> | undefined>,
): ConnectionTester {
  let tester: Promise<ConnectionTester> | null = null;
  return async (input, signal) => {
    tester ??= import('./connection-tester').then((m) => m.engineConnectionTester(dataDir, systemProxies));
    return (await tester)(input, signal);
  };
}
