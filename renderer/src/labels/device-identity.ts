// Where the client ID and name this machine registers with came from (docs/protocol.md §3.2–§3.3).
import type { EngineStatus } from '../store/data-types';

type Identity = NonNullable<EngineStatus['identity']>;

export const CLIENT_ID_SOURCE: Record<Identity['idSource'], string> = {
  config: 'from [client] id',
  'machine-id': "this machine's ID ([client] id is empty)",
  server: 'none sent: the server chooses one',
};

export const CLIENT_NAME_SOURCE: Record<Identity['nameSource'], string> = {
  config: 'from [client] name',
  hostname: 'the hostname ([client] name is empty)',
  none: 'none sent',
};
