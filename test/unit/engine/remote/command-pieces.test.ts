import { describe, expect, it } from 'vitest';
import { CappedOutput } from '../../../../main/engine/remote/commands/capped-output';
import { CMD_RESULT_MAX_BYTES, fitJobToBudget } from '../../../../main/engine/remote/commands/cmd-result-budget';
import { exitErrorText, startErrorText } from '../../../../main/engine/remote/commands/exec-error';
import { parseJob, type Job } from '../../../../main/engine/remote/commands/job';
import { SummaryExtractor } from '../../../../main/engine/remote/commands/summary-extractor';
import {
  encodingFromChcp,
  decodeOutput,
  encodeScript,
  outputDecoder,
} from '../../../../main/engine/remote/commands/output-encoding';

const summaryOf = (...chunks: string[]): string => {
  const extractor = new SummaryExtractor();
  for (const chunk of chunks) extractor.write(Buffer.from(chunk));
  return extractor.finish().toString();
};

describe('summary extraction (Go SummaryBuffer)', () => {
  it('takes the text between the tags, case-insensitively', () => {
    expect(summaryOf('before <SUMMARY>all good</Summary> after\n')).toBe('all good');
  });
  it('adds a newline for every line that ends inside a summary and joins several', () => {
    // Go adds the newline only to lines that end inside the summary, so `two` and `three` touch.
    expect(summaryOf('x <summary>one\ntwo</summary>\n<summary>three</summary>')).toBe('one\ntwothree');
  });
  it('finds tags split across chunks', () => {
    expect(summaryOf('<sum', 'mary>ok</sum', 'mary>\n')).toBe('ok');
  });
  it('is empty without tags', () => {
    expect(summaryOf('nothing here\n')).toBe('');
  });
});

describe('CappedOutput (send_back_limit)', () => {
  it('keeps the beginning and flags the overflow with Go text', () => {
    const out = new CappedOutput(5);
    out.write(Buffer.from('abc'));
    out.write(Buffer.from('defgh'));
    expect(out.bytes().toString()).toBe('abcde');
    expect(out.hasOverflow).toBe(true);
    expect(out.overflowMessage).toBe('maximum send_back_limit of 5 bytes exceeded');
  });
  it('does not flag output that fits exactly', () => {
    const out = new CappedOutput(3);
    out.write(Buffer.from('abc'));
    expect(out.hasOverflow).toBe(false);
  });
});

const job = (overrides: Partial<Job> = {}): Job => ({
  ...parseJob(Buffer.from(JSON.stringify({ jid: 'j1', command: 'x' }))),
  ...overrides,
});

describe('Job JSON', () => {
  it('decodes a server job and keeps every field in Go order', () => {
    const parsed = parseJob(
      Buffer.from(
        JSON.stringify({
          jid: 'a',
          command: '/usr/bin/id',
          timeout_sec: 60,
          is_sudo: true,
          multi_job_id: 'm',
          created_by: 'admin',
        }),
      ),
    );
    expect(Object.keys(parsed)).toEqual([
      'jid',
      'status',
      'finished_at',
      'client_id',
      'client_name',
      'command',
      'cwd',
      'interpreter',
      'pid',
      'started_at',
      'created_by',
      'timeout_sec',
      'multi_job_id',
      'schedule_id',
      'error',
      'result',
      'is_sudo',
      'is_script',
      'stream_result',
    ]);
    expect(parsed).toMatchObject({
      jid: 'a',
      timeout_sec: 60,
      is_sudo: true,
      multi_job_id: 'm',
      schedule_id: null,
      result: null,
    });
  });
  it('refuses bad JSON and wrong types with the Go prefix', () => {
    expect(() => parseJob(Buffer.from('{'))).toThrow(/^failed to decode requested job: /);
    expect(() => parseJob(Buffer.from('{"timeout_sec":"60"}'))).toThrow(
      /^failed to decode requested job: field timeout_sec/,
    );
  });
});

describe('cmd_result budget', () => {
  it('leaves a small job untouched', () => {
    const small = job({ result: { stdout: 'a', stderr: '', summary: '' } });
    expect(fitJobToBudget(small)).toBe(small);
  });
  it('cuts the outputs so the JSON stays under the packet budget and says so', () => {
    const big = job({
      error: 'exit status 1',
      result: { stdout: 'x'.repeat(1_000_000), stderr: '\u0001'.repeat(100_000), summary: 's' },
    });
    const fitted = fitJobToBudget(big);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(CMD_RESULT_MAX_BYTES);
    expect(fitted.result?.stdout.length).toBeGreaterThan(50_000);
    expect(fitted.result?.stdout.startsWith('xxxx')).toBe(true);
    expect(fitted.result?.stderr.length).toBeGreaterThan(5_000);
    expect(fitted.result?.summary).toBe('s');
    expect(fitted.error).toMatch(/^exit status 1, stdout cut from 1000000 to \d+ bytes to fit the SSH packet limit/);
  });
});

describe('exec error texts (Go os/exec wording)', () => {
  it('names exit codes and signals', () => {
    expect(exitErrorText(0, null)).toBeNull();
    expect(exitErrorText(3, null)).toBe('exit status 3');
    expect(exitErrorText(null, 'SIGKILL')).toBe('signal: killed');
    expect(exitErrorText(null, 'SIGTERM')).toBe('signal: terminated');
  });
  it('names a missing program like Go', () => {
    const error = Object.assign(new Error('spawn sudo ENOENT'), { code: 'ENOENT' });
    expect(startErrorText('sudo', error)).toBe('exec: "sudo": executable file not found in $PATH');
    expect(startErrorText('/nonexistent/interp', error)).toBe(
      'fork/exec /nonexistent/interp: no such file or directory',
    );
  });
});

describe('interpreter encodings', () => {
  it('reads the code page from chcp output', () => {
    expect(encodingFromChcp('Active code page: 850\r\n')).toBe('cp850');
    expect(encodingFromChcp('Aktive Codepage: 65001.')).toBeNull();
    expect(encodingFromChcp('Active code page: 1252')).toBe('windows-1252');
    expect(() => encodingFromChcp('nothing')).toThrow(/could not parse 'chcp' command output/);
  });
  it('encodes scripts and decodes output, also across chunk boundaries', () => {
    expect(encodeScript('ü', 'cp850')).toEqual(Buffer.from([0x81]));
    expect(decodeOutput(Buffer.from([0x81]), 'cp850')).toBe('ü');
    const utf16 = outputDecoder('utf-16le');
    const bytes = Buffer.from('hé', 'utf16le');
    const joined = Buffer.concat([utf16(bytes.subarray(0, 3)), utf16(bytes.subarray(3))]).toString('utf8');
    expect(joined).toBe('hé');
  });
});
