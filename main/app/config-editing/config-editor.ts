// The config editor's main side: reads the file, hands the window a masked text with its problems and
// form values, applies form changes, and saves only a text that validates. Secrets stay here.
import { createHash } from 'node:crypto';
import type { ConfigDocument, ConfigDraft, ConfigForm, SaveOutcome } from '../../shared/contract';
// From its own zod-free module: the contract's schemas load with the first window request (README "Memory").
import { CONFIG_FORM_FIELDS } from '../../shared/contract/config-form-fields';
import type { ConfigProblem, RportConfig } from '../../shared/types/config-types';
import { authExpectsKeychain } from '../../config/config-secrets';
import type { ConfigPort, KeychainPort } from '../core/app-ports';
import { AppError } from '../core/app-error';
import { applyFormChanges, extractForm, hasPassword } from './config-form';
import { SECRET_MASK, configTextSecrets, maskConfigText } from '../../shared/secrets';
import { restoreSecrets, unresolvedMasks } from './config-text-masking';
import { authOf } from '../passwords/password-storage';
import { findKeyLine, getKey, tryParseToml } from './toml-keys';

export interface SavedConfig {
  outcome: SaveOutcome;
  /** The config now on disk, when the save happened. */
  config: RportConfig | null;
}

export class ConfigEditor {
  private diskText: string | null = null;
  /** A password typed in the form, held here (never in the window) until the save. */
  private pendingPassword: string | null = null;

  constructor(
    private readonly port: ConfigPort,
    private readonly path: string,
    private readonly defaults: () => RportConfig,
    /** When the file leaves the password to the keychain, a password typed in the form goes there too. */
    private readonly keychain: Pick<KeychainPort, 'available' | 'setPassword'> | null = null,
  ) {}

  get configPath(): string {
    return this.path;
  }

  /** Reads the file again; forgets a typed but unsaved password. True when there is a file. */
  async read(): Promise<boolean> {
    this.diskText = await this.port.readText(this.path);
    this.pendingPassword = null;
    return this.diskText !== null;
  }

  /** read(), and the document the window shows (its masked text loads toml-patch: shared/toml-patch.ts). */
  async load(): Promise<ConfigDocument> {
    await this.read();
    return this.document();
  }

  /** The text on disk as last read or saved (null: no file). */
  get currentText(): string | null {
    return this.diskText;
  }

  document(): ConfigDocument {
    const masked = this.diskText === null ? '' : maskConfigText(this.diskText);
    const draft = this.diskText === null ? this.emptyDraft() : this.check(masked);
    return {
      ...draft,
      path: this.path,
      exists: this.diskText !== null,
      lockedKeys: this.port.lockedKeys(),
      revision: revisionOf(this.diskText),
    };
  }

  /** Every secret the editor knows, for the outgoing scrubber. */
  secrets(): string[] {
    return [...configTextSecrets(this.diskText), ...(this.pendingPassword ? [this.pendingPassword] : [])];
  }

  check(maskedText: string): ConfigDraft {
    const restored = this.restore(maskedText);
    const validated = this.port.validate(restored, this.path);
    const table = tryParseToml(maskedText);
    return {
      text: maskedText,
      problems: [...validated.problems, ...this.extraProblems(restored)],
      form: table === null ? null : extractForm(table, this.defaults()),
      hasPassword: table === null ? false : hasPassword(table),
      passwordInKeychain: this.keepsKeychain(authOf(maskedText)),
    };
  }

  /** The config a (masked) text would run with, or null when it has errors. Nothing written. */
  configOf(maskedText: string): RportConfig | null {
    const restored = this.restore(maskedText);
    const validated = this.port.validate(restored, this.path);
    if (validated.config === null || this.extraProblems(restored).some((p) => p.severity === 'error')) return null;
    return validated.config;
  }

  patch(maskedText: string, changes: Partial<ConfigForm>): ConfigDraft {
    const table = tryParseToml(maskedText);
    if (table === null) {
      throw new AppError('invalid-state', 'the text is not valid TOML; fix it in the raw view before using the form');
    }
    const locked = new Set(this.port.lockedKeys());
    for (const key of Object.keys(changes)) {
      const spec = CONFIG_FORM_FIELDS.find((field) => field.key === key);
      if (spec && locked.has(spec.tomlKey))
        throw new AppError('invalid-request', `${spec.tomlKey} is locked by policy`);
    }
    const typed = changes['auth.password'] ?? '';
    if (typed !== '') this.pendingPassword = typed;
    const known = this.pendingPassword !== null || hasPassword(table);
    return this.check(applyFormChanges(maskedText, table, changes, known));
  }

  async save(maskedText: string, baseRevision?: string): Promise<SavedConfig> {
    const onDisk = await this.port.readText(this.path);
    if (baseRevision !== undefined && revisionOf(onDisk) !== baseRevision) {
      throw new AppError(
        'conflict',
        `${this.path} changed on disk since it was opened; reload it (your edit is still in the editor)`,
      );
    }
    this.diskText = onDisk;
    // A new password typed while the file leaves it to the keychain: the keychain gets it, the file `id:`.
    const maskedAuth = authOf(maskedText);
    const toKeychain = maskedAuth !== null && !authExpectsKeychain(maskedAuth) && this.keepsKeychain(maskedAuth);
    const typedForKeychain = toKeychain ? this.pendingPassword : null;
    const restored =
      typedForKeychain !== null ? restoreSecrets(maskedText, this.diskText, '') : this.restore(maskedText);
    const validated = this.port.validate(restored, this.path);
    const problems = [...validated.problems, ...this.extraProblems(restored)];
    if (problems.some((p) => p.severity === 'error') || validated.config === null) {
      return { outcome: { saved: false, problems, document: null, restarted: false }, config: null };
    }
    if (typedForKeychain !== null && this.keychain) await this.keychain.setPassword(typedForKeychain);
    await this.port.saveText(this.path, restored);
    this.diskText = restored;
    this.pendingPassword = null;
    return {
      outcome: { saved: true, problems, document: this.document(), restarted: false },
      config: validated.config,
    };
  }

  /**
   * Whether a (masked) text keeps its password in the keychain: `auth = "id:"`, or a password typed in the
   * form while the file on disk says `id:` (the save then puts it in the keychain).
   */
  private keepsKeychain(maskedAuth: string | null): boolean {
    if (maskedAuth === null) return false;
    if (authExpectsKeychain(maskedAuth)) return true;
    return maskedAuth.endsWith(`:${SECRET_MASK}`) && this.pendingPassword !== null && this.diskUsesKeychain();
  }

  private diskUsesKeychain(): boolean {
    const disk = authOf(this.diskText);
    return disk !== null && authExpectsKeychain(disk) && (this.keychain?.available() ?? false);
  }

  private restore(maskedText: string): string {
    return restoreSecrets(maskedText, this.diskText, this.pendingPassword);
  }

  /** Problems the validator cannot know about: a mask with no secret behind it, a changed locked key. */
  private extraProblems(restored: string): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const key of unresolvedMasks(restored)) {
      problems.push(this.problem(restored, key, `the secret in ${key} is not known here: type it again`));
    }
    const next = tryParseToml(restored);
    const before = this.diskText === null ? null : tryParseToml(this.diskText);
    if (next !== null && before !== null) {
      for (const key of this.port.lockedKeys()) {
        if (JSON.stringify(getKey(next, key)) !== JSON.stringify(getKey(before, key))) {
          problems.push(this.problem(restored, key, `${key} is locked by policy and cannot be changed`));
        }
      }
    }
    return problems;
  }

  private problem(text: string, key: string, message: string): ConfigProblem {
    return { severity: 'error', file: this.path, line: findKeyLine(text, key), key, message };
  }

  private emptyDraft(): ConfigDraft {
    return {
      text: '',
      problems: [],
      form: extractForm({}, this.defaults()),
      hasPassword: false,
      passwordInKeychain: false,
    };
  }
}

export function revisionOf(text: string | null): string {
  if (text === null) return 'none';
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
