// Decoding at its edges (issue 20, main/config/decode-config.ts): the exact warning or error for unknown
// sections and keys, the "did you mean" limits, sections that are no table, aliases, cards and order.
import { describe, expect, it } from 'vitest';
import { errors, parse, warnings, withServer } from './helpers';

const decoded = (text: string) => {
  const p = parse(text);
  return { errors: errors(p), warnings: warnings(p), config: p.config, problems: p.problems };
};

describe('unknown sections and keys', () => {
  it('an unknown section is named as written, at its header line', () => {
    expect(decoded(withServer('\n[Clinet]\nname = "x"\n')).problems).toEqual([
      {
        severity: 'warning',
        file: 'rport.conf',
        line: 4,
        key: 'Clinet',
        message: 'unknown section [Clinet] (ignored)',
      },
    ]);
  });

  it('a key outside any section: a known key name is suggested with its section only when exact', () => {
    expect(decoded(`Server = "x"\n${withServer()}`).warnings).toEqual([
      {
        severity: 'warning',
        file: 'rport.conf',
        line: 1,
        key: 'Server',
        message: 'unknown key "Server" outside any section (ignored); did you mean "server" in [client]?',
      },
    ]);
    expect(decoded(`sever = "x"\n${withServer()}`).warnings[0]?.message).toBe(
      'unknown key "sever" outside any section (ignored)',
    );
  });

  it('an unknown key in a section: its line, key and the suggestion, matched in any case', () => {
    expect(decoded('[CLIENT]\nserver = "h:1"\nNmae = "x"\n').warnings).toEqual([
      {
        severity: 'warning',
        file: 'rport.conf',
        line: 3,
        key: 'client.Nmae',
        message: 'unknown key "Nmae" in [client] (ignored); did you mean "name"?',
      },
    ]);
  });

  it('the suggestion distance grows with the name: a quarter of its length (33 letters: 8 edits, not 9)', () => {
    const message = (key: string) => decoded(withServer(`[monitoring]\n${key} = true\n`)).warnings[0]?.message;
    expect(message('fs_identify_mountpoints_bxxxxxxxx')).toBe(
      'unknown key "fs_identify_mountpoints_bxxxxxxxx" in [monitoring] (ignored); did you mean "fs_identify_mountpoints_by_device"?',
    );
    expect(message('fs_identify_mountpoints_xxxxxxxxx')).toBe(
      'unknown key "fs_identify_mountpoints_xxxxxxxxx" in [monitoring] (ignored)',
    );
  });

  it('suggests only keys of the same section, and of two at the same distance the first in schema order', () => {
    // `keep_alive` is one edit away, but in [connection].
    expect(decoded(withServer('keep_aliv = "1s"\n')).warnings[0]?.message).toBe(
      'unknown key "keep_aliv" in [client] (ignored)',
    );
    expect(decoded(withServer('[remote-commands]\nxllow = []\n')).warnings[0]?.message).toBe(
      'unknown key "xllow" in [remote-commands] (ignored); did you mean "allow"?',
    );
  });

  it('a known misspelling names the key the Go client reads, in any case', () => {
    expect(decoded(withServer('[monitoring]\nPM_Enable_Kerneltask_Monitoring = true\n')).warnings).toEqual([
      {
        severity: 'warning',
        file: 'rport.conf',
        line: 4,
        key: 'monitoring.PM_Enable_Kerneltask_Monitoring',
        message:
          'unknown key "PM_Enable_Kerneltask_Monitoring" in [monitoring] (ignored); the Go client reads "pm_kerneltasks_enabled"',
      },
    ]);
  });
});

describe('sections that are no table', () => {
  it('are refused naming the section in lower case and what it is', () => {
    expect(decoded(`Logging = 5\n${withServer()}`).errors).toEqual([
      {
        severity: 'error',
        file: 'rport.conf',
        line: 1,
        key: 'logging',
        message: 'expected a table [logging], got an integer',
      },
    ]);
    expect(decoded(`monitoring = ["a"]\n${withServer()}`).errors[0]?.message).toBe(
      'expected a table [monitoring], got an array',
    );
  });
});

describe('values', () => {
  it('interpreter aliases are read in lower case, a repeated spelling warns and the last one is used', () => {
    const r = decoded(withServer('[Interpreter-Aliases]\nPWSH = "/a"\npwsh = "/b"\n'));
    expect(r.config['interpreter-aliases']).toEqual({ pwsh: { path: '/b', input_encoding: '', output_encoding: '' } });
    expect(r.warnings).toEqual([
      {
        severity: 'warning',
        file: 'rport.conf',
        line: 5,
        key: 'interpreter-aliases.pwsh',
        message:
          'Interpreter-Aliases.pwsh repeats Interpreter-Aliases.PWSH (keys are case-insensitive); this one is used',
      },
    ]);
  });

  it('a card or an order that is no list is refused at its line by the decoder; a valid card is kept', () => {
    const r = decoded(
      withServer('[monitoring]\nnet_lan = {a=1}\nnet_wan = ["eth1", "10"]\n[remote-commands]\norder = {b=1}\n'),
    );
    expect(r.errors).toEqual([
      {
        severity: 'error',
        file: 'rport.conf',
        line: 4,
        key: 'monitoring.net_lan',
        message: 'expected a list of strings, got a table',
      },
      {
        severity: 'error',
        file: 'rport.conf',
        line: 7,
        key: 'remote-commands.order',
        message: 'expected a list of strings, got a table',
      },
    ]);
    expect(r.config.monitoring.net_wan).toEqual(['eth1', 10]);
    // A single value is read as a list of one (weak decoding), then the validator refuses it.
    expect(decoded(withServer('[remote-commands]\norder = ["deny"]\n')).errors[0]?.message).toBe(
      'remote commands: invalid order: [deny ]',
    );
    expect(decoded(withServer('[monitoring]\nnet_lan = 5\n')).errors[0]?.message).toBe(
      'network card description illegal',
    );
  });

  it('a log level that is no known word is refused, also when written as a number', () => {
    expect(decoded(withServer('[logging]\nlog_level = 5\n')).errors).toMatchObject([
      { key: 'logging.log_level', line: 4, message: 'invalid log level: "5"' },
    ]);
    expect(decoded(withServer('[logging]\nlog_level = "INFO"\n')).errors[0]?.message).toBe('invalid log level: "INFO"');
  });

  it('a bare-number duration names its value in Go form; a string one does not warn', () => {
    const r = decoded(withServer('[connection]\nkeep_alive = 90000000000\n'));
    expect(r.config.connection.keep_alive).toBe(90e9);
    expect(r.warnings.map((w) => w.message)).toEqual([
      "a bare number is nanoseconds (90000000000 = 1m30s); write a string such as '30s'",
    ]);
    expect(decoded(withServer('[connection]\nkeep_alive = "90s"\n')).warnings).toEqual([]);
  });

  it('a float duration is a bare number of nanoseconds too', () => {
    const r = decoded(withServer('[connection]\nkeep_alive = 1000.0\n'));
    expect(r.config.connection.keep_alive).toBe(1000);
    expect(r.warnings.map((w) => w.message)).toEqual([
      "a bare number is nanoseconds (1000 = 1µs); write a string such as '30s'",
    ]);
  });

  it('an empty order is refused with both items empty', () => {
    expect(decoded(withServer('[remote-commands]\norder = []\n')).errors[0]?.message).toBe(
      'remote commands: invalid order: [ ]',
    );
  });

  it('a duration of digits in a string gets the unit hint, word for word', () => {
    expect(decoded(withServer('[connection]\nkeep_alive = "60"\n')).errors).toMatchObject([
      {
        key: 'connection.keep_alive',
        line: 4,
        message: 'time: missing unit in duration "60": write 60s for seconds (or 60m, 60h, 60ns)',
      },
    ]);
    expect(decoded(withServer('[connection]\nkeep_alive = "6 0"\n')).errors[0]?.message).toBe(
      'time: unknown unit " " in duration "6 0"',
    );
  });

  it('a value of the wrong type is refused at its key and the defaults stay', () => {
    const r = decoded(withServer('[connection]\nmax_retry_count = "many"\n'));
    expect(r.errors).toMatchObject([{ key: 'connection.max_retry_count', line: 4 }]);
    expect(r.config.connection.max_retry_count).toBe(decoded(withServer()).config.connection.max_retry_count);
  });
});
