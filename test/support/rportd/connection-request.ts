// Checks a `new_connection` payload the way rportd's Go decoder sees it (docs/protocol.md §3.2, §3.6).
// Two kinds of findings:
// - decodeErrors: json.Unmarshal into ConnectionRequest would fail ("invalid connection request:
//   Invalid JSON config" on the server; rportd 0.9.13 then sends no reply at all);
// - advisories: rportd accepts the payload, but the protocol document requires otherwise (SessionID,
//   semver Version, non-null ClientConfiguration, blanked secrets, exact field names).

export interface RemoteJson {
  name?: string;
  protocol?: string;
  lhost?: string;
  lport?: string;
  lport_random?: boolean;
  rhost?: string;
  rport?: string;
  [key: string]: unknown;
}

export interface ConnectionRequestJson {
  ID?: string;
  Name?: string;
  SessionID?: string;
  Version?: string;
  Remotes?: (RemoteJson | null)[] | null;
  ClientConfiguration?: Record<string, unknown> | null;
  [key: string]: unknown;
}

export interface ConnectionRequestCheck {
  request: ConnectionRequestJson | null;
  decodeErrors: string[];
  advisories: string[];
}

type Kind = 'string' | 'int' | 'uint' | 'bool' | 'duration' | 'strings' | 'stringMap' | 'any';

const TOP_FIELDS: Record<string, Kind | 'remotes' | 'config'> = {
  ID: 'string',
  Name: 'string',
  SessionID: 'string',
  OS: 'string',
  OSFullName: 'string',
  OSVersion: 'string',
  OSVirtualizationSystem: 'string',
  OSVirtualizationRole: 'string',
  OSArch: 'string',
  OSFamily: 'string',
  OSKernel: 'string',
  Version: 'string',
  Hostname: 'string',
  CPUFamily: 'string',
  CPUModel: 'string',
  CPUModelName: 'string',
  CPUVendor: 'string',
  NumCPUs: 'int',
  MemoryTotal: 'uint',
  Timezone: 'string',
  IPv4: 'strings',
  IPv6: 'strings',
  Tags: 'strings',
  Labels: 'stringMap',
  Remotes: 'remotes',
  ClientConfiguration: 'config',
};

const REMOTE_FIELDS: Record<string, Kind> = {
  name: 'string',
  protocol: 'string',
  lhost: 'string',
  lport: 'string',
  lport_random: 'bool',
  owner: 'string',
  rhost: 'string',
  rport: 'string',
  idle_timeout_minutes: 'int',
  auto_close: 'duration',
  http_proxy: 'bool',
  host_header: 'string',
  auth_user: 'string',
  auth_password: 'string',
  tunnel_url: 'string',
};

const CONFIG_SECTIONS: Record<string, Record<string, Kind>> = {
  client: {
    server: 'string',
    fallback_servers: 'strings',
    server_switchback_interval: 'duration',
    fingerprint: 'string',
    auth: 'string',
    proxy: 'string',
    id: 'string',
    use_system_id: 'bool',
    name: 'string',
    use_hostname: 'bool',
    tags: 'strings',
    labels: 'stringMap',
    remotes: 'strings',
    tunnel_allowed: 'strings',
    allow_root: 'bool',
    updates_interval: 'duration',
    data_dir: 'string',
    bind_interface: 'string',
    ip_api_url: 'string',
    ip_refresh_min: 'int',
    auth_user: 'string',
    auth_pass: 'string',
  },
  connection: {
    keep_alive: 'duration',
    keep_alive_timeout: 'duration',
    max_retry_count: 'int',
    max_retry_interval: 'duration',
    headers: 'strings',
    hostname: 'string',
    watchdog_integration: 'bool',
  },
  logging: { log_level: 'int' },
  remote_commands: {
    enabled: 'bool',
    send_back_limit: 'int',
    allow: 'strings',
    deny: 'strings',
    order: 'strings',
  },
  remote_scripts: { enabled: 'bool' },
  monitoring: {
    enabled: 'bool',
    interval: 'duration',
    fs_type_include: 'strings',
    fs_path_exclude: 'strings',
    fs_path_exclude_recurse: 'bool',
    fs_identify_mountpoints_by_device: 'bool',
    pm_enabled: 'bool',
    pm_kerneltasks_enabled: 'bool',
    pm_max_number_processes: 'uint',
    net_lan: 'strings',
    net_wan: 'strings',
  },
  file_reception: { protected: 'strings', enabled: 'bool' },
};

// Go int64 bound; JS numbers past 2^63 cannot be an int64 whatever their exact value.
const INT64_MAX = 2 ** 63;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's encoding/json type check for one value (null is always fine: it leaves the zero value). */
function typeError(kind: Kind, v: unknown): string | null {
  if (v === null || kind === 'any') return null;
  switch (kind) {
    case 'string':
      return typeof v === 'string' ? null : 'string';
    case 'bool':
      return typeof v === 'boolean' ? null : 'bool';
    case 'int':
    case 'duration':
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) < INT64_MAX
        ? null
        : kind === 'duration'
          ? 'time.Duration (integer nanoseconds)'
          : 'int';
    case 'uint':
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? null : 'uint';
    case 'strings':
      return Array.isArray(v) && v.every((x) => x === null || typeof x === 'string') ? null : '[]string';
    case 'stringMap':
      return isObject(v) && Object.values(v).every((x) => x === null || typeof x === 'string')
        ? null
        : 'map[string]string';
  }
}

/**
 * Go matches JSON keys to fields exactly first, then case-insensitively. Returns the value Go would use
 * for `field`, and records an advisory when only a case-insensitive key matched.
 */
function lookup(obj: Record<string, unknown>, field: string, where: string, advisories: string[]): unknown {
  if (field in obj) return obj[field];
  const lower = field.toLowerCase();
  const key = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  if (key === undefined) return undefined;
  advisories.push(`${where}${key}: field name should be exactly "${field}"`);
  return obj[key];
}

function checkFields(
  obj: Record<string, unknown>,
  fields: Record<string, Kind>,
  where: string,
  decodeErrors: string[],
  advisories: string[],
): void {
  for (const [field, kind] of Object.entries(fields)) {
    const v = lookup(obj, field, where, advisories);
    if (v === undefined) continue;
    const want = typeError(kind, v);
    if (want) decodeErrors.push(`${where}${field}: cannot unmarshal ${JSON.stringify(v)} into Go type ${want}`);
  }
}

function checkRemotes(v: unknown, where: string, decodeErrors: string[], advisories: string[]): void {
  if (v === null || v === undefined) return;
  if (!Array.isArray(v)) {
    decodeErrors.push(`${where}: cannot unmarshal into []*models.Remote`);
    return;
  }
  v.forEach((r, i) => {
    if (r === null) return;
    if (!isObject(r)) {
      decodeErrors.push(`${where}[${i}]: cannot unmarshal into models.Remote`);
      return;
    }
    checkFields(r, REMOTE_FIELDS, `${where}[${i}].`, decodeErrors, advisories);
    for (const nullable of ['scheme', 'acl']) {
      const x = r[nullable];
      if (x !== undefined && x !== null && typeof x !== 'string')
        decodeErrors.push(`${where}[${i}].${nullable}: cannot unmarshal into *string`);
    }
  });
}

function checkConfig(cfg: Record<string, unknown>, decodeErrors: string[], advisories: string[]): void {
  const where = 'ClientConfiguration.';
  for (const [section, fields] of Object.entries(CONFIG_SECTIONS)) {
    const s = lookup(cfg, section, where, advisories);
    if (s === undefined || s === null) continue;
    if (!isObject(s)) {
      decodeErrors.push(`${where}${section}: cannot unmarshal into a struct`);
      continue;
    }
    checkFields(s, fields, `${where}${section}.`, decodeErrors, advisories);
  }
  const client = cfg['client'];
  if (isObject(client)) {
    // Go marshals *url.URL as an object and Go ≥1.21 reads it back differently: only null is safe.
    if (client['proxy_url'] !== undefined && client['proxy_url'] !== null)
      decodeErrors.push(`${where}client.proxy_url: must be null (a non-null *url.URL does not round-trip)`);
    checkRemotes(client['tunnels'], `${where}client.tunnels`, decodeErrors, advisories);
    for (const secret of ['auth', 'auth_pass']) {
      const v = client[secret];
      if (typeof v === 'string' && v !== '')
        advisories.push(`${where}client.${secret}: secret sent to the server (must be blanked)`);
    }
  }
  const rc = cfg['remote_commands'];
  if (isObject(rc)) {
    for (const re of ['allow_regexp', 'deny_regexp']) {
      const v = rc[re];
      if (v !== undefined && v !== null)
        decodeErrors.push(`${where}remote_commands.${re}: must be null (Go 1.19 and Go ≥1.21 disagree on regexp JSON)`);
    }
  }
  const conn = cfg['connection'];
  if (isObject(conn)) {
    const h = conn['http_headers'];
    if (
      h !== undefined &&
      h !== null &&
      !(
        isObject(h) &&
        Object.values(h).every((x) => x === null || (Array.isArray(x) && x.every((s) => typeof s === 'string')))
      )
    )
      decodeErrors.push(`${where}connection.http_headers: cannot unmarshal into http.Header (map[string][]string)`);
  }
  const logging = cfg['logging'];
  if (isObject(logging)) {
    const lf = logging['log_file'];
    if (lf !== undefined && lf !== null && !isObject(lf))
      decodeErrors.push(`${where}logging.log_file: cannot unmarshal into logger.LogOutput`);
  }
}

// hashicorp/go-version v1.5.0 VersionRegexpRaw, anchored as NewVersion does.
const GO_VERSION_RE = new RegExp(
  '^v?([0-9]+(\\.[0-9]+)*?)' +
    '(-([0-9]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)|(-?([A-Za-z\\-~]+[0-9A-Za-z\\-~]*(\\.[0-9A-Za-z\\-~]+)*)))?' +
    '(\\+([0-9A-Za-z\\-~]+(\\.[0-9A-Za-z\\-~]+)*))?' +
    '?$',
);

/** null when hashicorp/go-version parses it, else the Go error text. */
export function goVersionError(v: string): string | null {
  const m = GO_VERSION_RE.exec(v);
  if (!m) return `Malformed version: ${v}`;
  for (const seg of (m[1] ?? '').split('.')) {
    if (!Number.isSafeInteger(Number(seg))) return `Error parsing version: ${seg}`;
  }
  return null;
}

export function checkConnectionRequest(payload: Buffer): ConnectionRequestCheck {
  const decodeErrors: string[] = [];
  const advisories: string[] = [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    return { request: null, decodeErrors: [`not JSON: ${(err as Error).message}`], advisories };
  }
  if (parsed === null) {
    advisories.push('payload is JSON null');
    return { request: {}, decodeErrors, advisories };
  }
  if (!isObject(parsed)) return { request: null, decodeErrors: ['payload is not a JSON object'], advisories };

  for (const [field, kind] of Object.entries(TOP_FIELDS)) {
    const v = lookup(parsed, field, '', advisories);
    if (v === undefined) continue;
    if (kind === 'remotes') checkRemotes(v, 'Remotes', decodeErrors, advisories);
    else if (kind === 'config') {
      if (v !== null && !isObject(v))
        decodeErrors.push('ClientConfiguration: cannot unmarshal into clientconfig.Config');
      else if (isObject(v)) checkConfig(v, decodeErrors, advisories);
    } else {
      const want = typeError(kind, v);
      if (want) decodeErrors.push(`${field}: cannot unmarshal ${JSON.stringify(v)} into Go type ${want}`);
    }
  }

  const req = parsed as ConnectionRequestJson;
  const str = (k: string): string => (typeof parsed[k] === 'string' ? (parsed[k] as string) : '');
  if (!str('ID')) advisories.push('ID is empty: rportd makes up a new client id on every connection');
  if (!str('SessionID')) advisories.push('SessionID is empty: a reconnect cannot resume the session');
  const versionErr = goVersionError(str('Version'));
  if (versionErr)
    advisories.push(
      `Version ${JSON.stringify(str('Version'))} does not parse with hashicorp/go-version (${versionErr})`,
    );
  for (const k of ['OS', 'OSKernel', 'OSArch']) if (!str(k)) advisories.push(`${k} is empty`);
  if (parsed['ClientConfiguration'] === undefined || parsed['ClientConfiguration'] === null)
    advisories.push('ClientConfiguration is null: rportd API handlers dereference it');
  return { request: req, decodeErrors, advisories };
}
