// A service is restarted after an edit only when its effective config changed.
import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../../../main/config/parse-config';
import { effectiveConfigChanged } from '../../../../main/watchdog/service/effective-config-change';

const parse = (text: string) =>
  parseConfigText(text, { file: '/etc/rport/rport.conf', defaultDataDir: '/var/lib/rport', platform: 'linux' }).config;
const base = '[client]\nserver = "http://rport.example.com:8080"\nauth = "a:b"\n[connection]\nkeep_alive = "3m"\n';

describe('effectiveConfigChanged', () => {
  it('is false for comments, layout and defaults written out', () => {
    const edited = `# a comment\n[connection]\n  keep_alive = "180s"\n  max_retry_count = -1\n[client]\nauth = "a:b"\nserver = "http://rport.example.com:8080"\n`;
    expect(effectiveConfigChanged(parse(base), parse(edited))).toBe(false);
  });

  it('is true for a value the service runs with, or when nothing was known before', () => {
    expect(effectiveConfigChanged(parse(base), parse(base.replace('3m', '2m')))).toBe(true);
    expect(effectiveConfigChanged(parse(base), parse(`${base}[client]\n`.replace('a:b', 'a:c')))).toBe(true);
    expect(effectiveConfigChanged(null, parse(base))).toBe(true);
  });

  it("compares after Go's fix-ups: max_retry_interval below 1 s is 5m either way", () => {
    expect(
      effectiveConfigChanged(parse(`${base}max_retry_interval = "5m"\n`), parse(`${base}max_retry_interval = "1ms"\n`)),
    ).toBe(false);
  });
});
