import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command-types';
import { parseCommandArgs, requireOption } from '../args';
import { CliError, EXIT_OK, EXIT_RUNTIME_ERROR } from '../exit-codes';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: "print the engine's last state from a data directory",
  usage: 'Usage: rport-tray status --data-dir DIR [--json]\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
    const dir = requireOption(values['data-dir'], 'data-dir');
    const file = path.join(dir, 'state.json');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CliError(`no engine state in ${dir} (${file} is missing)`, EXIT_RUNTIME_ERROR);
    }
    io.stdout(values.json ? `${text}\n` : `${text}\n`);
    return EXIT_OK;
  },
};
