// The config editor's form: the common keys read from a (masked) TOML text, and form changes written
// back into that text with toml-patch so every comment and the layout stay as the user wrote them.
import { tomlPatch } from '../../shared/toml-patch';
import type { ConfigFieldKey, ConfigForm } from '../../shared/contract';
// From its own zod-free module: the contract's schemas load with the first window request (README "Memory").
import { CONFIG_FORM_FIELDS } from '../../shared/contract/config-form-fields';
import type { RportConfig } from '../../shared/types/config-types';
import { formatGoDuration } from '../../shared/go/duration';
import { SECRET_MASK, authSecret } from '../../shared/secrets';
import { getKey, setKey, type TomlTable } from './toml-keys';

/** Form values from a parsed (masked) text; keys the file leaves out show their defaults. */
export function extractForm(table: TomlTable, defaults: RportConfig): ConfigForm {
  const raw = (key: string): unknown => getKey(table, key);
  const fallback = (key: string): unknown => getKey(defaults as unknown as TomlTable, key);
  const value = (key: string): unknown => raw(key) ?? fallback(key);
  const auth = asText(raw('client.auth'));
  return {
    'client.server': asText(value('client.server')),
    'client.fallback_servers': asList(value('client.fallback_servers')),
    'client.server_switchback_interval': asDuration(value('client.server_switchback_interval')),
    'client.fingerprint': asText(value('client.fingerprint')),
    'auth.id': authId(auth),
    'auth.password': '',
    'client.proxy': asText(value('client.proxy')),
    'client.id': asText(value('client.id')),
    'client.name': asText(value('client.name')),
    'client.tags': asList(value('client.tags')),
    'client.remotes': asList(value('client.remotes')),
    'client.data_dir': asText(value('client.data_dir')),
    'connection.keep_alive': asDuration(value('connection.keep_alive')),
    'connection.keep_alive_timeout': asDuration(value('connection.keep_alive_timeout')),
    'connection.max_retry_count': asInteger(value('connection.max_retry_count')),
    'connection.watchdog_integration': asBoolean(value('connection.watchdog_integration')),
    'logging.log_level': asLogLevel(value('logging.log_level')),
    'logging.log_file': asText(value('logging.log_file')),
    'remote-commands.enabled': asBoolean(value('remote-commands.enabled')),
    'remote-scripts.enabled': asBoolean(value('remote-scripts.enabled')),
    'monitoring.enabled': asBoolean(value('monitoring.enabled')),
    'file-reception.enabled': asBoolean(value('file-reception.enabled')),
    'watchdog.restart_burst': asInteger(value('watchdog.restart_burst')),
    'watchdog.restart_interval': asDuration(value('watchdog.restart_interval')),
    'watchdog.restart_backoff_min': asDuration(value('watchdog.restart_backoff_min')),
    'watchdog.restart_backoff_max': asDuration(value('watchdog.restart_backoff_max')),
  };
}

/** True when `client.auth` holds a password (masked or not; with its id or without). */
export function hasPassword(table: TomlTable): boolean {
  const auth = getKey(table, 'client.auth');
  return typeof auth === 'string' && authSecret(auth) !== '';
}

/** The id part of `auth`: none when it has no colon, since all of it is then a password. */
function authId(auth: string): string {
  const colon = auth.indexOf(':');
  return colon < 0 ? '' : auth.slice(0, colon);
}

/**
 * Writes form changes into a masked text. A typed password is not written: the auth keeps the mask and
 * the caller keeps the password on the main side until the save.
 */
export function applyFormChanges(
  text: string,
  table: TomlTable,
  changes: Partial<ConfigForm>,
  passwordKnown: boolean,
): string {
  const next = structuredClone(table);
  for (const [key, value] of Object.entries(changes) as [ConfigFieldKey, ConfigForm[ConfigFieldKey]][]) {
    if (key === 'auth.id' || key === 'auth.password') continue;
    const spec = CONFIG_FORM_FIELDS.find((field) => field.key === key);
    if (!spec) continue;
    setKey(next, spec.tomlKey, value);
  }
  if (changes['auth.id'] !== undefined || (changes['auth.password'] ?? '') !== '') {
    const current = asText(getKey(table, 'client.auth'));
    const id = changes['auth.id'] ?? authId(current);
    const withPassword = passwordKnown || (changes['auth.password'] ?? '') !== '';
    // Without an id the password stays written alone, as it was. Without a password, `id:`: an id
    // alone would read as a password; `id:` also leaves the password to the keychain, where it may be.
    const auth = withPassword ? (id === '' ? SECRET_MASK : `${id}:${SECRET_MASK}`) : id === '' ? '' : `${id}:`;
    setKey(next, 'client.auth', auth);
  }
  return tomlPatch().patch(text, next);
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

function asList(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((item) => asText(item));
  if (typeof value === 'string' && value !== '') return [value];
  return [];
}

function asDuration(value: unknown): string {
  // Go prints 3 minutes as `3m0s`; `3m` is the same duration and what people write in rport.conf.
  if (typeof value === 'number' && Number.isFinite(value)) {
    return formatGoDuration(value).replace(/([hm])0m0s$|([hm])0s$/, '$1$2');
  }
  return asText(value);
}

function asInteger(value: unknown): number {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(n) ? n : 0;
}

function asBoolean(value: unknown): boolean {
  return value === true || value === 'true';
}

function asLogLevel(value: unknown): ConfigForm['logging.log_level'] {
  return value === 'error' || value === 'debug' ? value : 'info';
}
