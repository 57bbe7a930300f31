// The layering lint (eslint-plugin-boundaries in eslint.config.js) on made-up files at real places: an
// import that goes up a layer, or a renderer that reaches past the contract, is an error; the same import
// going down is not. Linting text keeps the tree clean: no fixture file is written into main/.
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
});
