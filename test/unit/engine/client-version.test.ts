import { describe, expect, it } from 'vitest';
import { PROTOCOL_COMPAT_VERSION, clientVersion } from '../../../main/engine/client-version';

// hashicorp/go-version's pattern (v1.5.0 version.go VersionRegexpRaw), which rportd uses to parse Version.
const GO_VERSION =
  /^v?([0-9]+(\.[0-9]+)*?)(-([0-9]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)|(-?([A-Za-z\-~]+[0-9A-Za-z\-~]*(\.[0-9A-Za-z\-~]+)*)))?(\+([0-9A-Za-z\-~]+(\.[0-9A-Za-z\-~]+)*))?$/;

describe('client version', () => {
  it('reports the implemented protocol level with the app version as build metadata', () => {
    expect(clientVersion('0.1.0')).toBe(`${PROTOCOL_COMPAT_VERSION}+rport-tray.0.1.0`);
    expect(clientVersion('1.2.3-beta.1')).toBe(`${PROTOCOL_COMPAT_VERSION}+rport-tray.1.2.3-beta.1`);
  });

  it('parses with go-version and compares at ≥ 0.6.4 / 0.8.2', () => {
    for (const v of [clientVersion('0.1.0'), clientVersion('0.0.0-dev'), clientVersion('weird version!')]) {
      expect(v).toMatch(GO_VERSION);
    }
    const [major, minor, patch] = PROTOCOL_COMPAT_VERSION.split('.').map(Number);
    expect(major === 0 && (minor ?? 0) >= 8 && (patch ?? 0) >= 0).toBe(true);
  });
});
