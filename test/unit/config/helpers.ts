// Shared by the config tests: the realistic fixture and a parse with fixed inputs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfigText, type ParsedConfig } from '../../../main/config/parse-config';

export const FIXTURE = path.resolve('test/fixtures/config/rport.example.conf');
export const fixtureText = (): string => readFileSync(FIXTURE, 'utf8');
export const DATA_DIR = '/home/user/.local/share/rport-tray';

export function parse(text: string, file = 'rport.conf'): ParsedConfig {
  return parseConfigText(text, { file, defaultDataDir: DATA_DIR, platform: 'linux' });
}

/** The file with `[client] server` set, plus extra lines. */
export const withServer = (extra = ''): string => `[client]\nserver = "rport.example.com:8080"\n${extra}`;

export const errors = (p: ParsedConfig) => p.problems.filter((x) => x.severity === 'error');
export const warnings = (p: ParsedConfig) => p.problems.filter((x) => x.severity === 'warning');
