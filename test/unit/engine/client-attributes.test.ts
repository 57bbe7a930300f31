// The attributes file read at start (§8.2 attributes_file_path): when readable it replaces the config's
// tags and labels; when missing or not the Go Attributes JSON, the config's stay and a line says why.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadClientAttributes } from '../../../main/engine/client-attributes';

describe('loadClientAttributes', () => {
  let dir: string;
  let logs: string[];
  const load = (file: string) =>
    loadClientAttributes(['from-config'], { site: 'config' }, file, (message) => logs.push(message));

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rport-attributes-'));
    logs = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the config without a file path', async () => {
    expect(await load('')).toEqual({ tags: ['from-config'], labels: { site: 'config' } });
    expect(logs).toEqual([]);
  });

  it('replaces tags and labels with the file; null or absent fields are empty', async () => {
    const file = path.join(dir, 'attributes.json');
    writeFileSync(file, JSON.stringify({ tags: ['office'], labels: { team: 'ops' } }));
    expect(await load(file)).toEqual({ tags: ['office'], labels: { team: 'ops' } });
    writeFileSync(file, JSON.stringify({ tags: null }));
    expect(await load(file)).toEqual({ tags: [], labels: {} });
    expect(logs).toEqual([]);
  });

  it('keeps the config and says why when the file is missing, not JSON, or of the wrong shape', async () => {
    const file = path.join(dir, 'attributes.json');
    expect(await load(file)).toEqual({ tags: ['from-config'], labels: { site: 'config' } });
    writeFileSync(file, '{"tags": [');
    expect(await load(file)).toEqual({ tags: ['from-config'], labels: { site: 'config' } });
    // Go's json.Unmarshal fails on a number among the tags: the whole file is ignored, not filtered.
    writeFileSync(file, JSON.stringify({ tags: ['office', 7], labels: {} }));
    expect(await load(file)).toEqual({ tags: ['from-config'], labels: { site: 'config' } });
    expect(logs).toHaveLength(3);
    for (const line of logs) expect(line).toContain(`could not read attributes file ${file}: `);
    expect(logs[0]).toContain('ENOENT');
  });
});
