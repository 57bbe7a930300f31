// The request map: every request has a params schema and a result schema, the list of names is the
// map's, and requests without params take none (nothing, or an empty object) and refuse anything else.
import { describe, expect, it } from 'vitest';
import { ZodMiniType } from 'zod/mini';
import { REQUEST_NAMES, parseRequest, requestSchemas } from '../../../../main/shared/contract';

describe('contract requests', () => {
  it('lists every request of the map once, by name', () => {
    expect([...REQUEST_NAMES].sort()).toEqual(Object.keys(requestSchemas).sort());
    expect(new Set(REQUEST_NAMES).size).toBe(REQUEST_NAMES.length);
    // The window's calls the app core and the clients rely on (renaming one is a contract change).
    for (const name of ['getSnapshot', 'pause', 'resume', 'saveConfig', 'completeSetup', 'importConfig'] as const) {
      expect(REQUEST_NAMES).toContain(name);
    }
  });

  it.each(REQUEST_NAMES)('%s has a params schema and a result schema', (name) => {
    const { params, result } = requestSchemas[name];
    // zod's mini build (main/shared/contract/zod-mini.ts), not the classic package (README "Memory").
    expect(params).toBeInstanceOf(ZodMiniType);
    expect(result).toBeInstanceOf(ZodMiniType);
  });

  it.each(REQUEST_NAMES)('%s refuses params that are not an object', (name) => {
    for (const bad of ['x', 1, [], true])
      expect(parseRequest(name, bad), JSON.stringify(bad)).toMatchObject({ ok: false });
  });

  it('takes no params where there are none: nothing or {} passes, a stray key does not', () => {
    const withoutParams = REQUEST_NAMES.filter((name) => requestSchemas[name].params.safeParse(undefined).success);
    expect(withoutParams).toContain('getSnapshot');
    expect(withoutParams).not.toContain('switchServer');
    for (const name of withoutParams) {
      expect(parseRequest(name, {}), name).toMatchObject({ ok: true });
      expect(parseRequest(name, { stray: 1 }), name).toMatchObject({ ok: false });
    }
  });

  it('answers the action requests with null', () => {
    for (const name of ['pause', 'resume', 'restartEngine', 'retry', 'switchServer'] as const) {
      expect(requestSchemas[name].result.safeParse(null).success, name).toBe(true);
      expect(requestSchemas[name].result.safeParse({}).success, name).toBe(false);
    }
  });
});
