// The layering lint (eslint-plugin-boundaries in eslint.config.js) on made-up files at real places: an
// import that goes up a layer, or a renderer that reaches past the contract (and the WebSocket framing it
// shares with ui-bridge), is an error; the same import going down is not. Linting text keeps the tree
// clean: no fixture file is written into main/.
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

const use = (name: string) => `\nexport const used = typeof ${name};\n`;

describe('layering lint', () => {
  it.each([
    ['main/engine/fixture.ts', "import { runCli } from '../cli/cli';" + use('runCli'), 'cli'],
    ['main/config/fixture.ts', "import { Engine } from '../engine/engine';" + use('Engine'), 'engine'],
    [
      'main/shared/go/fixture.ts',
      "import { loadConfig } from '../../config/load-config';" + use('loadConfig'),
      'config',
    ],
    ['main/watchdog/fixture.ts', "import { AppCore } from '../app/core/app-core';" + use('AppCore'), 'app'],
    // The service watcher (issue 17) sits in the watchdog layer: it cannot reach the app core above it.
    ['main/watchdog/service/fixture.ts', "import { AppCore } from '../../app/core/app-core';" + use('AppCore'), 'app'],
    [
      'main/app/fixture.ts',
      "import { rendererDir } from '../ui-bridge/renderer-dir';" + use('rendererDir'),
      'ui-bridge',
    ],
    ['main/electron/fixture.ts', "import { runCli } from '../cli/cli';" + use('runCli'), 'cli'],
    [
      'main/shared/contract/fixture.ts',
      "import { loadConfig } from '../../config/load-config';" + use('loadConfig'),
      'config',
    ],
  ])('refuses an upward import in %s', { timeout: 60_000 }, async (file, code, target) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`to elements of type "${target}"`);
  });

  it('allows the same kind of import going down', { timeout: 60_000 }, async () => {
    expect(
      await boundaryErrors('main/cli/fixture.ts', "import { Engine } from '../engine/engine';" + use('Engine')),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        'main/engine/fixture.ts',
        "import { loadConfig } from '../config/load-config';" + use('loadConfig'),
      ),
    ).toEqual([]);
  });

  it(
    'lets the renderer and the preload import the contract and nothing else of main',
    { timeout: 60_000 },
    async () => {
      const contract = "import { CONTRACT_VERSION } from '../../main/shared/contract';" + use('CONTRACT_VERSION');
      expect(await boundaryErrors('renderer/src/fixture.ts', contract)).toEqual([]);
      expect(
        await boundaryErrors(
          'preload/fixture.ts',
          "import { CONTRACT_VERSION } from '../main/shared/contract';" + use('CONTRACT_VERSION'),
        ),
      ).toEqual([]);
      const types =
        "import type { EngineStateName } from '../../main/shared/types/engine-types';\nexport type S = EngineStateName;\n";
      expect(await boundaryErrors('renderer/src/fixture.ts', types)).toHaveLength(1);
      const config = "import { loadConfig } from '../../main/config/load-config';" + use('loadConfig');
      expect(await boundaryErrors('renderer/src/fixture.ts', config)).toHaveLength(1);
    },
  );

  it(
    'lets the renderer import the WebSocket framing of ui-bridge, and no other file of it',
    { timeout: 60_000 },
    async () => {
      const framing = "import { WS_PATH } from '../../main/ui-bridge/ws-protocol';" + use('WS_PATH');
      expect(await boundaryErrors('renderer/src/fixture.ts', framing)).toEqual([]);
      const server = "import { startWebUi } from '../../main/ui-bridge/web-ui-server';" + use('startWebUi');
      expect(await boundaryErrors('renderer/src/fixture.ts', server)).toEqual([
        expect.stringContaining('to elements of type "ui-bridge"'),
      ]);
      const session = "import { attachWsSession } from '../../main/ui-bridge/ws-session';" + use('attachWsSession');
      expect(await boundaryErrors('renderer/src/fixture.ts', session)).toHaveLength(1);
      // The rest of the app may use it as any ui-bridge file, the Electron layer (no web UI) may not.
      const fromCli = "import { WS_PATH } from '../ui-bridge/ws-protocol';" + use('WS_PATH');
      expect(await boundaryErrors('main/cli/fixture.ts', fromCli)).toEqual([]);
      expect(await boundaryErrors('main/electron/fixture.ts', fromCli)).toHaveLength(1);
    },
  );

  it(
    'keeps the WebSocket framing down to the contract, so the renderer reaches nothing more through it',
    { timeout: 60_000 },
    async () => {
      const file = 'main/ui-bridge/ws-protocol.ts';
      const contract = "import { CONTRACT_VERSION } from '../shared/contract';" + use('CONTRACT_VERSION');
      expect(await boundaryErrors(file, contract)).toEqual([]);
      const sibling = "import { attachWsSession } from './ws-session';" + use('attachWsSession');
      expect(await boundaryErrors(file, sibling)).toEqual([expect.stringContaining('"ui-bridge"')]);
      const engine = "import { Engine } from '../engine/engine';" + use('Engine');
      expect(await boundaryErrors(file, engine)).toEqual([expect.stringContaining('"engine"')]);
      const types =
        "import type { EngineStatus } from '../shared/types/engine-types';\nexport type S = EngineStatus;\n";
      expect(await boundaryErrors(file, types)).toEqual([expect.stringContaining('"shared"')]);
    },
  );
});
