// `[client] bind_interface` (docs/protocol.md §1.5, client.go localAddrForInterface): outgoing
// connections (direct and to the proxy) use the first address of the named interface that is not
// unspecified.
import os from 'node:os';

export class BindInterfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BindInterfaceError';
  }
}

const UNSPECIFIED = new Set(['0.0.0.0', '::']);

export function localAddressForInterface(
  name: string,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): string {
  const list = interfaces[name];
  if (!list) throw new BindInterfaceError(`unable to find ${name}: no such network interface`);
  const address = list.find((a) => !UNSPECIFIED.has(a.address));
  if (!address) throw new BindInterfaceError(`no address found for ${name}`);
  return address.address.split('%')[0] ?? address.address;
}
