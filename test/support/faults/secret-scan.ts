// "No secret in any log": every place a secret could leak to is collected as named text, and each is
// searched for the secret as typed and in the encodings a careless log line would use.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The secret as written, URL-encoded, base64-encoded and JSON-escaped. */
export function secretForms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      Buffer.from(secret).toString('base64'),
      JSON.stringify(secret).slice(1, -1),
    ]),
  ];
}

/** Names of the haystacks that contain the secret in any form. */
export function placesHolding(secret: string, haystacks: Record<string, string>): string[] {
  const forms = secretForms(secret);
  return Object.entries(haystacks)
    .filter(([, text]) => forms.some((f) => text.includes(f)))
    .map(([name]) => name);
}

/** Every regular file under `dir` (recursively) as text, keyed by its path; files named in `skip` are left out. */
export function filesUnder(dir: string, skip: (file: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const st = statSync(full, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && !skip(full)) out[full] = readFileSync(full, 'latin1');
    }
  };
  walk(dir);
  return out;
}
