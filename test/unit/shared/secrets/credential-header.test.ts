// One list of credential headers for every place that masks them: the log scrubber, the config masks
// (window, diagnostics, `config get`) and the ClientConfiguration sent to rportd.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../main/config/defaults';
import { buildClientConfiguration } from '../../../../main/engine/client-configuration';
import {
  SECRET_MASK,
  configSecrets,
  isCredentialHeader,
  maskConfig,
  maskConfigText,
} from '../../../../main/shared/secrets';

describe('credential headers', () => {
  it.each(['Authorization', 'proxy-authorization', 'Cookie', 'X-Api-Key', 'X-Session-Token', ' X-Auth-Token '])(
    '%s is a credential',
    (name) => expect(isCredentialHeader(name)).toBe(true),
  );
  it.each(['User-Agent', 'X-Forwarded-For', 'Accept'])('%s is not', (name) =>
    expect(isCredentialHeader(name)).toBe(false),
  );

  it('is masked the same way by the log scrubber, the config masks and ClientConfiguration', () => {
    const config = defaultConfig('/tmp/d');
    config.connection.headers = ['X-Session-Token: s3ssion-v4lue', 'X-Trace: visible'];
    expect(configSecrets(config)).toContain('s3ssion-v4lue');
    expect(maskConfig(config).connection.headers).toEqual([`X-Session-Token: ${SECRET_MASK}`, 'X-Trace: visible']);
    expect(maskConfigText('[connection]\nheaders = ["X-Session-Token: s3ssion-v4lue", "X-Trace: visible"]\n')).toBe(
      `[connection]\nheaders = ["X-Session-Token: ${SECRET_MASK}", "X-Trace: visible"]\n`,
    );
    const sent = JSON.stringify(
      buildClientConfiguration({
        config,
        serverUrls: [],
        tunnels: [],
        httpHeaders: { 'X-Session-Token': ['s3ssion-v4lue'], 'X-Trace': ['visible'] },
        tags: [],
        labels: {},
      }),
    );
    expect(sent).not.toContain('s3ssion-v4lue');
    expect(sent).toContain('X-Trace: visible');
    expect(sent).toContain('"X-Trace":["visible"]');
  });
});
