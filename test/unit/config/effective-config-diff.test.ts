// What a config change means for a running client, on the effective config: nothing for a comment or a
// value written another way, live for what needs no new connection, reconnect for the rest.
import { describe, expect, it } from 'vitest';
import { diffEffectiveConfigs } from '../../../main/config/effective-config-diff';
import type { RportConfig } from '../../../main/shared/types/config-types';
import { fixtureText, parse, withServer } from './helpers';

function config(text: string): RportConfig {
  const parsed = parse(text);
  expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return parsed.config;
}

const base = fixtureText();
const edited = (from: string, to: string): RportConfig => {
  expect(base).toContain(from);
  return config(base.replace(from, to));
};

describe('diffEffectiveConfigs', () => {
  it('finds nothing in a comment, the layout, or a value written another way', () => {
    const before = config(base);
    expect(diffEffectiveConfigs(before, config(`# a comment\n${base}\n# another\n`))).toEqual({
      kind: 'none',
      changed: [],
      reconnect: [],
      restartsSessionFeatures: false,
    });
    expect(diffEffectiveConfigs(before, edited("keep_alive = '3m'", "keep_alive = '180s'")).kind).toBe('none');
    expect(
      diffEffectiveConfigs(
        before,
        edited('server = "rport.example.com:8080"', "server = 'http://rport.example.com:8080'"),
      ).kind,
    ).toBe('none');
    // Below Go's 60 s minimum both read as 60 s.
    expect(
      diffEffectiveConfigs(
        config(withServer('[monitoring]\ninterval = "10s"\n')),
        config(withServer('[monitoring]\ninterval = "30s"\n')),
      ).kind,
    ).toBe('none');
  });

  it('applies live the log level, the remote-command, script and file-reception rules and aliases', () => {
    const before = config(base);
    for (const [from, to, key] of [
      ['log_level = "info"', 'log_level = "debug"', 'logging.log_level'],
      ["order = ['allow', 'deny']", "order = ['deny', 'allow']", 'remote-commands.order'],
      ['  enabled = true\n  ## Never', '  enabled = false\n  ## Never', 'file-reception.enabled'],
      ['[interpreter-aliases]', '[interpreter-aliases]\n  zsh = "/bin/zsh"', 'interpreter-aliases.zsh'],
      ['max_retry_count = -1', 'max_retry_count = 10', 'connection.max_retry_count'],
    ] as const) {
      expect(diffEffectiveConfigs(before, edited(from, to)), key).toEqual({
        kind: 'live',
        changed: [key],
        reconnect: [],
        restartsSessionFeatures: false,
      });
    }
    expect(diffEffectiveConfigs(before, edited('  pm_enabled = true', '  pm_enabled = false'))).toEqual({
      kind: 'live',
      changed: ['monitoring.pm_enabled'],
      reconnect: [],
      restartsSessionFeatures: true,
    });
  });

  it('needs a new connection for what new_connection, the dial, the keep-alive or the tunnels use', () => {
    const before = config(base);
    for (const [from, to, key] of [
      ['server = "rport.example.com:8080"', 'server = "other.example.com:8080"', 'client.server'],
      ["keep_alive = '3m'", 'keep_alive = "2m"', 'connection.keep_alive'],
      ['name = "my_win_vm_1"', 'name = "renamed"', 'client.name'],
      ["'127.0.0.0/8',", "'127.0.0.0/8', '10.0.0.0/8',", 'client.tunnel_allowed'],
    ] as const) {
      expect(diffEffectiveConfigs(before, edited(from, to)), key).toMatchObject({
        kind: 'reconnect',
        changed: [key],
        reconnect: [key],
      });
    }
    const mixed = diffEffectiveConfigs(
      before,
      config(base.replace('log_level = "info"', 'log_level = "debug"').replace('name = "my_win_vm_1"', 'name = "x"')),
    );
    expect(mixed).toMatchObject({
      kind: 'reconnect',
      changed: ['client.name', 'logging.log_level'],
      reconnect: ['client.name'],
    });
  });
});
