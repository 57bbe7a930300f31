// The config form as data: every form key has exactly one field spec, each spec's kind fits the value
// type of its key (the window picks the input by kind), and the TOML key is where main writes it.
import { describe, expect, it } from 'vitest';
import {
  CONFIG_FORM_FIELDS,
  MAX_CONFIG_TEXT_BYTES,
  configFormSchema,
  configTextSchema,
  type ConfigFieldKind,
} from '../../../../../main/shared/contract';

const SAMPLE_BY_KIND: Record<ConfigFieldKind, unknown> = {
  text: 'x',
  duration: '2m',
  password: 'secret',
  list: ['a', 'b'],
  integer: 3,
  boolean: true,
  'log-level': 'debug',
};

describe('config form fields', () => {
  it('describes every key of the form exactly once', () => {
    const keys = CONFIG_FORM_FIELDS.map((spec) => spec.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(Object.keys(configFormSchema.shape).sort());
  });

  it.each(CONFIG_FORM_FIELDS)('$key: a $kind value is what the form holds for it', (spec) => {
    const valueSchema = configFormSchema.shape[spec.key];
    expect(valueSchema.safeParse(SAMPLE_BY_KIND[spec.kind]).success).toBe(true);
    // …and a value of another shape is not (a boolean for a text, a text for a switch).
    const other = spec.kind === 'boolean' ? 'yes' : spec.kind === 'integer' ? '3' : false;
    expect(valueSchema.safeParse(other).success).toBe(false);
  });

  it('stores each field under its own TOML key, the auth ID and password both in client.auth', () => {
    for (const spec of CONFIG_FORM_FIELDS) {
      if (spec.key.startsWith('auth.')) expect(spec.tomlKey).toBe('client.auth');
      else expect(spec.tomlKey).toBe(spec.key);
    }
  });

  it('carries no wording: labels and help texts are the window’s', () => {
    for (const spec of CONFIG_FORM_FIELDS) expect(Object.keys(spec).sort()).toEqual(['key', 'kind', 'tomlKey']);
  });
});

describe('config text', () => {
  it('counts the limit in UTF-8 bytes, as the file is written', () => {
    expect(configTextSchema.safeParse('x'.repeat(MAX_CONFIG_TEXT_BYTES)).success).toBe(true);
    // Two bytes per character: half as many characters reach the limit.
    expect(configTextSchema.safeParse('é'.repeat(MAX_CONFIG_TEXT_BYTES / 2)).success).toBe(true);
    expect(configTextSchema.safeParse('é'.repeat(MAX_CONFIG_TEXT_BYTES / 2 + 1)).success).toBe(false);
  });
});
