import { describe, expect, it } from 'vitest';
import { didYouMean, suggestConfigKeys } from '../../../main/config/key-suggestion';

describe('suggestConfigKeys', () => {
  it('finds the section of a key typed without it', () => {
    expect(suggestConfigKeys('keep_alive')).toEqual(['connection.keep_alive']);
    expect(suggestConfigKeys('KEEP_ALIVE')).toEqual(['connection.keep_alive']);
    expect(suggestConfigKeys('enabled')).toEqual([
      'remote-commands.enabled',
      'remote-scripts.enabled',
      'monitoring.enabled',
    ]);
  });

  it('moves a key to its section, and corrects small typos and the known misspellings', () => {
    expect(suggestConfigKeys('client.keep_alive')).toEqual(['connection.keep_alive']);
    expect(suggestConfigKeys('client.nmae')).toEqual(['client.name']);
    expect(suggestConfigKeys('conection.keep_alive')).toEqual(['connection.keep_alive']);
    expect(suggestConfigKeys('monitoring.pm_max_number_monitored_processes')).toEqual([
      'monitoring.pm_max_number_processes',
    ]);
  });

  it('suggests nothing for a name that is not close to any key', () => {
    expect(suggestConfigKeys('client.colour')).toEqual([]);
    expect(suggestConfigKeys('')).toEqual([]);
    expect(didYouMean('client.colour')).toBe('');
  });

  it('words one or several candidates', () => {
    expect(didYouMean('keep_alive')).toBe('; did you mean "connection.keep_alive"?');
    expect(didYouMean('enabled')).toBe(
      '; did you mean one of "remote-commands.enabled", "remote-scripts.enabled", "monitoring.enabled"?',
    );
  });
});
