// The engine's payload schemas quote zod's issue message in the replies, like Go's decoder errors. zod's
// mini build loads no locale by itself ("Invalid input" for everything): payload-schema.ts must. This file
// loads only the mini build (no contract, no classic zod), as the bundled worker does.
import { describe, expect, it } from 'vitest';
import { parseClientAttributes } from '../../../main/engine/client-attributes-json';
import { parseJob } from '../../../main/engine/remote/commands/job';
import { parseUploadRequest } from '../../../main/engine/remote/upload/upload-request';

describe('payload schemas (zod mini)', () => {
  it('a job field of the wrong type is named with English wording', () => {
    expect(() => parseJob(Buffer.from('{"jid":"j1","timeout_sec":1.5}'))).toThrow(
      'failed to decode requested job: field timeout_sec: Invalid input: expected int, received number',
    );
    expect(() => parseJob(Buffer.from('{"command":7}'))).toThrow(
      'failed to decode requested job: field command: Invalid input: expected string, received number',
    );
    expect(() => parseJob(Buffer.from('{"result":{"stdout":false}}'))).toThrow(
      'failed to decode requested job: field result.stdout: Invalid input: expected string, received boolean',
    );
  });

  it('missing job fields take Go zero values, null stays null', () => {
    const job = parseJob(Buffer.from('{"jid":"j1","pid":null,"result":null}'));
    expect(job).toMatchObject({
      jid: 'j1',
      pid: null,
      result: null,
      finished_at: null,
      started_at: '0001-01-01T00:00:00Z',
      timeout_sec: 0,
      is_sudo: false,
      cwd: '',
    });
    expect(parseJob(Buffer.from('{"result":{}}')).result).toEqual({ stdout: '', stderr: '', summary: '' });
  });

  it('an upload with a negative mode is refused with the field and the limit', () => {
    expect(() =>
      parseUploadRequest(Buffer.from('{"SourceFilePath":"a","DestinationPath":"/b","DestinationFileMode":-1}')),
    ).toThrow('invalid upload request: field destinationfilemode: Too small: expected number to be >=0');
    expect(
      parseUploadRequest(Buffer.from('{"SourceFilePath":"a","DestinationPath":"/b","DestinationFileMode":0}'))
        .destinationFileMode,
    ).toBe(0);
  });

  it('client attributes: null and absent lists become empty, wrong types are refused', () => {
    expect(parseClientAttributes('{"tags":null}')).toEqual({ tags: [], labels: {} });
    expect(parseClientAttributes('{"tags":["a"],"labels":{"k":"v"}}')).toEqual({ tags: ['a'], labels: { k: 'v' } });
    expect(() => parseClientAttributes('{"labels":{"k":1}}')).toThrow('expected {"tags"');
  });
});
