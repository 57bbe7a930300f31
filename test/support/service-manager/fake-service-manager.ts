// An in-memory service manager for unit tests: answers what the test says the service is doing, records
// every restart, and can make a restart fail or bring the service back (write a fresh state.json).
import type { ServiceManager, ServiceQuery } from '../../../main/watchdog/service/service-manager';
import { ServiceManagerError } from '../../../main/watchdog/service/service-manager';

export class FakeServiceManager implements ServiceManager {
  readonly kind = 'command' as const;
  readonly restartCommand = 'fake-service-manager restart rport';
  answer: ServiceQuery = { state: 'running', detail: 'fake: running' };
  /** Epoch ms (from the clock the test gives) of each restart asked for. */
  readonly restarts: number[] = [];
  failWith: string | null = null;
  /** Runs on each successful restart (e.g. writes a fresh state.json). */
  onRestart: (() => void | Promise<void>) | null = null;

  constructor(
    readonly serviceName = 'rport',
    private readonly now: () => number = Date.now,
  ) {}

  async query(): Promise<ServiceQuery> {
    return this.answer;
  }

  async restart(): Promise<void> {
    this.restarts.push(this.now());
    if (this.failWith !== null) throw new ServiceManagerError(this.failWith);
    this.answer = { state: 'running', detail: 'fake: running' };
    await this.onRestart?.();
  }
}
