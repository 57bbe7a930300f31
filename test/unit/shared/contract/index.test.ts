// The barrel: `import … from 'main/shared/contract'` is the one way into the contract, so everything the
// files of the contract export is re-exported by index.ts (a new file or export that is forgotten there
// fails here), except the private building blocks.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as contract from '../../../../main/shared/contract';

const ROOT = path.join(process.cwd(), 'main', 'shared', 'contract');
/** Shared by the schema files, not part of the public API (zod-mini.ts: the schema library itself). */
const PRIVATE = new Set(['schemas/epoch-ms.ts', 'zod-mini.ts']);

const files = readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
  .map((file) => file.split(path.sep).join('/'))
  .filter((file) => !PRIVATE.has(file))
  .sort();

describe('contract barrel', () => {
  it('finds the contract split into files', () => {
    expect(files).toEqual(expect.arrayContaining(['requests.ts', 'events.ts', 'validation.ts', 'errors.ts']));
  });

  it.each(files)('re-exports everything %s exports', async (file) => {
    const module = (await import(path.join(ROOT, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      expect((contract as Record<string, unknown>)[name], `${file}: ${name}`).toBe(value);
    }
  });

  it('keeps the WebSocket framing out (it is ui-bridge’s, main/ui-bridge/ws-protocol.ts)', () => {
    for (const name of ['WS_PATH', 'MAX_WS_MESSAGE_BYTES', 'wsClientMessageSchema', 'wsServerMessageSchema']) {
      expect(contract).not.toHaveProperty(name);
    }
  });

  it('carries no UI wording: the labels are the renderer’s', () => {
    expect(contract).not.toHaveProperty('CONNECTION_STEP_LABELS');
  });
});
