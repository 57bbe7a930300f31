// The `new_connection` payload (docs/protocol.md §3.2): Go field names (the struct has no json tags), in
// the Go struct's order, with the same fallbacks (`unknown`) the Go client uses when a fact is missing.
import os from 'node:os';
import type { RemoteObject } from '../config/rules/remotes';
import { goTimezone, ipAddresses, type StaticSystemInfo } from './system-info';

export interface ConnectionRequestInput {
  /** `[client] id`; may be empty. */
  id: string;
  useSystemId: boolean;
  /** `[client] name`; may be empty. */
  name: string;
  useHostname: boolean;
  sessionId: string;
  version: string;
  tags: string[];
  labels: Record<string, string>;
  remotes: RemoteObject[];
  clientConfiguration: Record<string, unknown>;
  system: StaticSystemInfo;
  hostname?: string;
  now?: Date;
}

export class ConnectionRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionRequestError';
  }
}

export function buildConnectionRequest(input: ConnectionRequestInput): Record<string, unknown> {
  const hostname = input.hostname ?? os.hostname();
  let id = input.id;
  if (id === '' && input.useSystemId) {
    if (!input.system.machineId) {
      throw new ConnectionRequestError(
        'could not use system id as client id: try to set client.id manually or disable client.use_system_id. ' +
          `Error: ${input.system.machineIdError ?? 'no machine id'}`,
      );
    }
    id = input.system.machineId;
  }
  const name = input.name === '' && input.useHostname ? hostname : input.name;
  const { ipv4, ipv6 } = ipAddresses();
  const s = input.system;
  return {
    ID: id,
    Name: name,
    SessionID: input.sessionId,
    OS: s.os,
    OSFullName: s.osFullName,
    OSVersion: s.osVersion,
    OSVirtualizationSystem: s.osVirtualizationSystem,
    OSVirtualizationRole: s.osVirtualizationRole,
    OSArch: s.osArch,
    OSFamily: s.osFamily,
    OSKernel: s.osKernel,
    Version: input.version,
    Hostname: hostname || 'unknown',
    CPUFamily: s.cpu.family,
    CPUModel: s.cpu.model,
    CPUModelName: s.cpu.modelName,
    CPUVendor: s.cpu.vendor,
    NumCPUs: s.cpu.count,
    MemoryTotal: s.memoryTotal,
    Timezone: goTimezone(input.now),
    IPv4: ipv4,
    IPv6: ipv6,
    // `[client] tags` is bound to Go's `--tag` flag: `[]` when empty, as the Go client sends (§3.6).
    Tags: [...input.tags],
    Labels: Object.keys(input.labels).length ? input.labels : null,
    Remotes: input.remotes.length ? input.remotes : null,
    ClientConfiguration: input.clientConfiguration,
  };
}
