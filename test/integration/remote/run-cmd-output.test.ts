// Command output comes back whole (docs/protocol.md §2.4, §5.4): everything that fits in the SSH packet
// rportd accepts is sent as it is, and live stream data reaches rportd's UI before the result, which
// makes rportd close the UI WebSocket (the test rportd forwards stream data a turn late, as rportd's
// reader goroutine does, and flags data that arrives after the result).
import { afterEach, describe, expect, it } from 'vitest';
import { CMD_RESULT_MAX_BYTES } from '../../../main/engine/remote/commands/cmd-result-budget';
import { jobPayload, rigPerTest, startRemoteRig, waitForCmdResult } from './remote-rig';

describe('run_cmd output', () => {
  const rigs = rigPerTest(afterEach);
  const start = () =>
    startRemoteRig({
      configure(config) {
        config['remote-scripts'].enabled = true;
      },
    }).then((rig) => rigs.set(rig));

  it('returns 200,000 bytes of stdout whole: the budget is the packet rportd accepts', async () => {
    const rig = await start();
    const job = jobPayload({ command: 'yes abcdefghi | head -c 200000', is_script: true });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    const done = await waitForCmdResult(rig.client, job.jid as string);
    expect(done.error).toBe('');
    expect(done.result.stdout).toHaveLength(200_000);
    expect(done.result.stdout).toBe('abcdefghi\n'.repeat(20_000));
    expect(rig.server.clients).toContain(rig.client);
  });

  it('cuts only what does not fit in one packet, says so, and keeps the connection', async () => {
    const rig = await start();
    const job = jobPayload({ command: 'head -c 300000 /dev/zero | tr "\\0" "y"', is_script: true });
    expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
    const raw = await waitForCmdResult(rig.client, job.jid as string);
    const cutTo = raw.result.stdout.length;
    expect(raw.error).toBe(`stdout cut from 300000 to ${cutTo} bytes to fit the SSH packet limit`);
    expect(cutTo).toBeGreaterThan(250_000);
    expect(Buffer.byteLength(JSON.stringify(raw))).toBeLessThanOrEqual(CMD_RESULT_MAX_BYTES);
    expect(rig.server.clients).toContain(rig.client);
  });

  it('sends all live stream data before the result (50 of 50 runs of `seq 1 20000`)', async () => {
    const rig = await start();
    const expected = Array.from({ length: 20_000 }, (_, i) => `${i + 1}\n`).join('');
    for (let run = 0; run < 50; run++) {
      const job = jobPayload({ command: 'seq 1 20000', is_script: true, stream_result: true });
      expect((await rig.client.request('run_cmd', job)).ok).toBe(true);
      const done = await waitForCmdResult(rig.client, job.jid as string);
      expect(done.result.stdout).toBe(expected);
      const channels = rig.client.receivedChannels.filter(
        (c) => (JSON.parse(c.extra.toString('utf8')) as { jid: string }).jid === job.jid,
      );
      const stdout = channels.find((c) => c.type === 'stdout');
      expect({ run, lost: stdout?.lostBytes, forwarded: stdout?.forwarded.length }).toEqual({
        run,
        lost: 0,
        forwarded: expected.length,
      });
      expect(channels.find((c) => c.type === 'stderr')?.lostBytes).toBe(0);
    }
    expect(rig.server.violations).toEqual([]);
  });
});
