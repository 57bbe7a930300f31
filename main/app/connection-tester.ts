// The first-start connection test. The engine owns the test itself (each step against the real server);
// until it is wired here the window says so instead of pretending a result.
import type { ConnectionTester } from './app-ports';

export const engineConnectionTester: ConnectionTester = async () => ({
  ok: false,
  steps: [],
  failedStep: null,
  message: 'the connection test is not available in this build',
  serverFingerprint: null,
});
