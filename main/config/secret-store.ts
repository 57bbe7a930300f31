// Where the client password lives when it is not in rport.conf. The Electron layer implements this over
// safeStorage (refusing Linux's `basic_text` backend, which is not a keychain). Headless and tests use
// MemorySecretStore: held in this process only, never written anywhere. There is deliberately no
// file-based store: a password in a file next to the config is no safer than the config itself.

export interface SecretStore {
  /** False when there is no real keychain (then `unavailableReason` says why). */
  isAvailable(): boolean;
  unavailableReason(): string | null;
  /** The password kept for a config file (keyed by its absolute path), or null. */
  getPassword(configPath: string): Promise<string | null>;
  setPassword(configPath: string, password: string): Promise<void>;
  deletePassword(configPath: string): Promise<void>;
}

export class SecretStoreUnavailableError extends Error {
  constructor(reason: string) {
    super(`the OS keychain is not available: ${reason}`);
    this.name = 'SecretStoreUnavailableError';
  }
}

/** In-memory only: for headless runs and tests. Not a keychain; nothing survives the process. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();

  isAvailable(): boolean {
    return true;
  }

  unavailableReason(): string | null {
    return null;
  }

  async getPassword(configPath: string): Promise<string | null> {
    return this.secrets.get(configPath) ?? null;
  }

  async setPassword(configPath: string, password: string): Promise<void> {
    this.secrets.set(configPath, password);
  }

  async deletePassword(configPath: string): Promise<void> {
    this.secrets.delete(configPath);
  }
}

/** The store for a process without a keychain: it reports itself unavailable and stores nothing. */
export class NoSecretStore implements SecretStore {
  constructor(private readonly reason = 'no OS keychain in a headless run') {}

  isAvailable(): boolean {
    return false;
  }

  unavailableReason(): string | null {
    return this.reason;
  }

  async getPassword(): Promise<string | null> {
    return null;
  }

  async setPassword(): Promise<void> {
    throw new SecretStoreUnavailableError(this.reason);
  }

  async deletePassword(): Promise<void> {}
}
