// `run` limits its own process's V8 tiers before anything of the run starts (README "Memory").
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CliIo } from '../../../main/cli/command-types';

const order: string[] = [];
vi.mock('../../../main/watchdog/supervisor-v8-flags', () => ({
  applySupervisorV8Flags: () => order.push('v8 flags'),
  scavengeSupervisor: () => order.push('scavenges'),
}));
vi.mock('../../../main/run/headless-run', () => ({
  openHeadlessRun: async () => {
    order.push('run opened');
    return { ok: false };
  },
}));

const { runCommand } = await import('../../../main/cli/commands/run');

const dir = mkdtempSync(path.join(tmpdir(), 'rport-run-v8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run', () => {
  it('applies the supervisor V8 flags first, and starts its scavenges', async () => {
    const config = path.join(dir, 'rport.conf');
    writeFileSync(config, '[client]\n');
    const io: CliIo = { stdout: () => undefined, stderr: () => undefined };
    expect(await runCommand.run(['--config', config], io)).toBe(3);
    expect(order).toEqual(['v8 flags', 'scavenges', 'run opened']);
  });
});
