// One list of credential headers for every place that masks them: the log scrubber, the window, the
// diagnostics export and the ClientConfiguration sent to rportd.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../main/config/defaults';
import { redactConfig } from '../../../../main/shared/secrets/config-redaction';
import { maskValue } from '../../../../main/app/config-editing/config-text-masking';
import { buildClientConfiguration } from '../../../../main/engine/client-configuration';
import { isCredentialHeader } from '../../../../main/shared/secrets/credential-header';
import { configSecrets } from '../../../../main/shared/secrets/config-secret-values';

describe('credential headers', () => {
  it.each(['Authorization', 'proxy-authorization', 'Cookie', 'X-Api-Key', 'X-Session-Token', ' X-Auth-Token '])(
    '%s is a credential',
    (name) => expect(isCredentialHeader(name)).toBe(true),
  );
  it.each(['User-Agent', 'X-Forwarded-For', 'Accept'])('%s is not', (name) =>
    expect(isCredentialHeader(name)).toBe(false),
  );

  it('is masked the same way by the log scrubber, the config redactor, the window and ClientConfiguration', () => {
    const config = defaultConfig('/tmp/d');
    config.connection.headers = ['X-Session-Token: s3ssion-v4lue', 'X-Trace: visible'];
    expect(configSecrets(config)).toContain('s3ssion-v4lue');
    expect(redactConfig(config).connection.headers).toEqual(['X-Session-Token: REDACTED', 'X-Trace: visible']);
    expect(maskValue('connection.headers', 'X-Session-Token: s3ssion-v4lue').secret).toBe('s3ssion-v4lue');
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
