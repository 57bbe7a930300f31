// First start: the setup input is trimmed and its required fields say what is missing; the connection
// test's steps have one fixed order (the report lists them so).
import { describe, expect, it } from 'vitest';
import { connectionStepSchema, setupInputSchema } from '../../../../../main/shared/contract';

const input = {
  server: ' ws://h:1 ',
  fallbackServers: [' ws://f:1 '],
  authId: ' c1 ',
  password: ' p ',
  fingerprint: '',
};

describe('setup schemas', () => {
  it('trims what is typed around addresses and the ID, never the password', () => {
    expect(setupInputSchema.parse(input)).toEqual({
      server: 'ws://h:1',
      fallbackServers: ['ws://f:1'],
      authId: 'c1',
      password: ' p ',
      fingerprint: '',
    });
  });

  it('says which required field is missing', () => {
    const issues = (value: unknown) => setupInputSchema.safeParse(value).error?.issues.map((i) => i.message) ?? [];
    expect(issues({ ...input, server: '  ' })).toEqual(['the server address is required']);
    expect(issues({ ...input, authId: '' })).toEqual(['the client auth ID is required']);
    expect(issues({ ...input, password: '' })).toEqual(['the password is required']);
    expect(setupInputSchema.safeParse({ ...input, extra: 1 }).success).toBe(false);
  });

  it('runs the connection test steps in dialling order', () => {
    expect(connectionStepSchema.options).toEqual(['dns', 'tcp', 'proxy', 'websocket', 'ssh', 'fingerprint', 'auth']);
  });
});
