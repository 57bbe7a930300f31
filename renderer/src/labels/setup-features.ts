// The setup's switches for what the server may do on this machine: each on by default, as in the RPort
// client ([remote-commands], [file-reception], [monitoring] enabled = true).
import type { SetupInput } from '../../../main/shared/contract';

export type SetupFeatures = NonNullable<SetupInput['features']>;

export const SETUP_FEATURES: readonly { key: keyof SetupFeatures; label: string; help: string }[] = [
  { key: 'remoteCommands', label: 'Remote commands', help: 'the server may run commands here' },
  { key: 'fileReception', label: 'File reception', help: 'the server may send files here' },
  { key: 'monitoring', label: 'Monitoring', help: 'CPU, memory and disk figures go to the server' },
];
