// `rport-tray ui-link`: the link that opens the window of a running `rport-tray run --ui`, again, without
// restarting it (the one printed at start-up scrolled away, went to a service's journal, or the browser
// lost its cookie). The run keeps its web UI's address and access token in its lock file, readable by the
// owner only (main/run/instance-lock.ts); this reads it. The link holds the token: it goes to stdout only.
import type { CliCommand } from '../command-types';
import { dataDirOption, parseCommandArgs } from '../args';
import { CliError, EXIT_OK, EXIT_RUNTIME_ERROR } from '../exit-codes';
import { instanceLockPath, runningInstance } from '../../run/instance-lock';

export const uiLinkCommand: CliCommand = {
  name: 'ui-link',
  summary: 'print the link that opens the web UI of a running `run --ui`',
  usage:
    'Usage: rport-tray ui-link [--data-dir DIR | --config FILE]\n\n' +
    'Prints http://127.0.0.1:PORT/?token=… for the `rport-tray run --ui` that uses DIR (default: the\n' +
    'data_dir of FILE, which defaults to the default config). Open it in a browser; keep it to yourself,\n' +
    'it holds the access token. The run keeps serving; nothing is restarted.\n' +
    'Exit codes: 0 printed, 1 no run with a web UI there, 2 usage error.\n',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {
      'data-dir': { type: 'string' },
      config: { type: 'string', short: 'c' },
    });
    const dir = await dataDirOption(values['data-dir'], values.config);
    const instance = runningInstance(dir);
    if (!instance) {
      throw new CliError(`no rport-tray run is using ${dir} (no live ${instanceLockPath(dir)})`, EXIT_RUNTIME_ERROR);
    }
    if (!instance.webUi) {
      throw new CliError(
        `the rport-tray run using ${dir} (pid ${instance.pid}) has no web UI: start it with --ui 127.0.0.1:PORT`,
        EXIT_RUNTIME_ERROR,
      );
    }
    const url = new URL(instance.webUi.url);
    url.searchParams.set('token', instance.webUi.token);
    io.stdout(`${url.toString()}\n`);
    return EXIT_OK;
  },
};
