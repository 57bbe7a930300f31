// Who the `new_connection` request says this machine is (docs/protocol.md §3.2, §3.3): the window's
// "This device" card shows it with where each part came from.
import { describe, expect, it } from 'vitest';
import { identityOf } from '../../../main/engine/new-connection';

describe('new_connection identity', () => {
  it('names the source of the client ID and name', () => {
    expect(identityOf({ ID: 'laptop-7', Name: 'Laptop' }, { id: 'laptop-7', name: 'Laptop' })).toEqual({
      clientId: 'laptop-7',
      idSource: 'config',
      name: 'Laptop',
      nameSource: 'config',
    });
    expect(identityOf({ ID: '4c4c4544-0042', Name: 'host1' }, { id: '', name: '' })).toEqual({
      clientId: '4c4c4544-0042',
      idSource: 'machine-id',
      name: 'host1',
      nameSource: 'hostname',
    });
    expect(identityOf({ ID: '', Name: '' }, { id: '', name: '' })).toEqual({
      clientId: '',
      idSource: 'server',
      name: '',
      nameSource: 'none',
    });
  });
});
