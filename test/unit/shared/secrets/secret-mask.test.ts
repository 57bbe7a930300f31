// One mask token: every place that hides a secret shows SECRET_MASK, and no other token is defined.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../../main/config/defaults';
import { prepareRun } from '../../../../main/engine/engine-prepare';
import { goParseUrl } from '../../../../main/shared/go/url';
import {
  SECRET_MASK,
  SecretScrubber,
  configSecrets,
  literalSecretScrubber,
  maskConfig,
  maskConfigText,
  maskHeader,
  redactUrl,
  redactUrlCredentials,
} from '../../../../main/shared/secrets';

function sources(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.tsx?$/.test(name) ? [file] : [];
  });
}

describe('the one mask token', () => {
  it('is the only mask defined in the sources (no REDACTED, ***, •••)', () => {
    const defining = ['main', 'preload', 'renderer/src']
      .flatMap(sources)
      .filter((file) => /(['"])(?:\*{3,}|REDACTED|•{3,})\1/.test(readFileSync(file, 'utf8')));
    expect(defining).toEqual([path.join('main', 'shared', 'secrets', 'secret-mask.ts')]);
  });

  it('is what every place shows for a password written without its id', async () => {
    const password = 'hunter2secret';
    const config = defaultConfig('/d');
    config.client.auth = password;
    config.client.server = 'ws://127.0.0.1:8080';
    const quoted = `failed with ${password}`;
    const shown = [
      maskConfig(config).client.auth,
      maskConfigText(`[client]\nauth = "${password}"\n`),
      literalSecretScrubber(configSecrets(config))(quoted),
      (await prepareRun({ config, configPath: '/d/rport.conf', sessionId: 's' })).redactor.redact(quoted),
    ];
    const scrubber = new SecretScrubber();
    scrubber.setSecrets(configSecrets(config));
    shown.push(scrubber.scrubText(quoted));
    for (const text of shown) {
      expect(text).toContain(SECRET_MASK);
      expect(text).not.toContain(password);
    }
  });

  it('is what URL, header and Go URL error masks show', () => {
    expect(redactUrl('http://u:pw@h')).toBe(`http://u:${SECRET_MASK}@h`);
    expect(redactUrlCredentials('see http://u:pw@h')).toBe(`see http://u:${SECRET_MASK}@h`);
    expect(maskHeader('Authorization: Bearer x')).toBe(`Authorization: ${SECRET_MASK}`);
    const parsed = goParseUrl('http://u:pw@h:bad');
    expect(parsed.ok ? '' : parsed.error).toContain(`u:${SECRET_MASK}@h:bad`);
  });
});
