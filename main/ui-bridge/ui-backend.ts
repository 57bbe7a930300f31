// What the web bridge needs from the app: the contract's two halves. The app core provides both; tests
// pass a fake.
import type { EventMessage, RequestOutcome } from '../shared/contract';

export interface UiBackend {
  /** Validates and runs one request; errors come back as data. */
  handle(name: unknown, params: unknown): Promise<RequestOutcome<unknown>>;
  onEvent(listener: (message: EventMessage) => void): () => void;
}
