import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command-types';
import { parseCommandArgs, requireOption } from '../args';
import { CliError, EXIT_OK, EXIT_RUNTIME_ERROR } from '../exit-codes';
import { processAlive, readStatusFile, StatusFileError } from '../../watchdog/status-file';
import { formatStatusReport, statusReport } from '../../watchdog/status-report';

// Reads what a supervisor (`rport-tray run` or the app) keeps in <data_dir>/rport-tray-status.json; a
// data dir with only the Go client's state.json still answers with that file.
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'show the state, server, worker pid and restart record of a running client',
  usage:
    'Usage: rport-tray status --data-dir DIR [--json]\n\n' +
    'Reads DIR/rport-tray-status.json, which `rport-tray run` and the app keep current.\n' +
    'Exit codes: 0 shown, 1 nothing to show, 2 usage error.\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, { 'data-dir': { type: 'string' }, json: { type: 'boolean' } });
    const dir = requireOption(values['data-dir'], 'data-dir');
    let content;
    try {
      content = readStatusFile(dir);
    } catch (err) {
      if (err instanceof StatusFileError) throw new CliError(err.message, EXIT_RUNTIME_ERROR);
      throw err;
    }
    if (content) {
      const report = statusReport(content, processAlive(content.supervisorPid), Date.now());
      io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatusReport(report, Date.now()));
      return EXIT_OK;
    }
    const stateFile = path.join(dir, 'state.json');
    let text: string;
    try {
      text = readFileSync(stateFile, 'utf8');
    } catch {
      throw new CliError(`no status in ${dir} (neither rport-tray-status.json nor state.json)`, EXIT_RUNTIME_ERROR);
    }
    io.stdout(values.json ? `${text}\n` : `state.json of an RPort client (no RPort Tray supervisor):\n${text}\n`);
    return EXIT_OK;
  },
};
