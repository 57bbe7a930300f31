// `rport-tray run --config FILE --ui 127.0.0.1:0` as a real process (the built bin, dist/ bundles), with
// the URL it prints. Stopped with SIGTERM (SIGKILL if it does not exit in time); never left running.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve('bin/rport-tray.js');
const URL_LINE = /web UI at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))/;

export interface HeadlessUi {
  child: ChildProcess;
  /** The printed URL with the token. */
  url: string;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  port: number;
  token: string;
  output(): string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startHeadlessUi(
  configFile: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 20_000,
  /** Another command serving the window (`watch-service ... --ui 127.0.0.1:0`); default `run`. */
  args: readonly string[] = ['run', '--config', configFile, '--ui', '127.0.0.1:0'],
): Promise<HeadlessUi> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const found = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no web UI URL within ${timeoutMs} ms; output:\n${output}`)),
      timeoutMs,
    );
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = URL_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`rport-tray run exited (${code ?? signal}) before serving; output:\n${output}`));
    });
  }).catch(async (err: unknown) => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    throw err;
  });
  const port = Number(found[2]);
  return {
    child,
    url: found[1] ?? '',
    origin: `http://127.0.0.1:${port}`,
    port,
    token: found[3] ?? '',
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const result = await exited;
        clearTimeout(timer);
        return result;
      }
      return exited;
    },
  };
}
