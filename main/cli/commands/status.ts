import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CliCommand } from '../command-types';
import { dataDirOption, parseCommandArgs } from '../args';
import { CliError, EXIT_OK, EXIT_RUNTIME_ERROR } from '../exit-codes';
import { processAlive, readStatusFile, StatusFileError } from '../../watchdog/status-file';
import { formatStatusReport, statusReport } from '../../watchdog/status-report';
import { liveLogFile } from '../../logging/log-file-location';
import { runningInstance } from '../../run/instance-lock';

// Reads what a supervisor (`rport-tray run` or the app) keeps in <data_dir>/rport-tray-status.json; a
// data dir with only the Go client's state.json still answers with that file.
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'show the state, server, worker pid and restart record of a running client',
  usage:
    'Usage: rport-tray status [--data-dir DIR | --config FILE] [--json]\n\n' +
    'Reads DIR/rport-tray-status.json, which `rport-tray run` and the app keep current. DIR defaults to\n' +
    'the data_dir of FILE, which defaults to the default config (<data folder>/rport.conf).\n' +
    'Shows the state, server, worker pid, restarts, the web UI address of a `run --ui` and the live log file.\n' +
    'Exit codes: 0 shown, 1 nothing to show, 2 usage error.\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      'data-dir': { type: 'string' },
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean' },
    });
    const dir = await dataDirOption(values['data-dir'], values.config);
    let content;
    try {
      content = readStatusFile(dir);
    } catch (err) {
      if (err instanceof StatusFileError) throw new CliError(err.message, EXIT_RUNTIME_ERROR);
      throw err;
    }
    if (content) {
      // The web UI of the run holding this data dir (its lock); the live log file beside the configured one.
      const instance = runningInstance(dir);
      const report = statusReport(content, processAlive(content.supervisorPid), {
        liveLogFile: content.logFile ? liveLogFile(content.logFile) : null,
        webUi: instance?.pid === content.supervisorPid ? (instance.webUi?.url ?? null) : null,
        now: Date.now(),
      });
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
