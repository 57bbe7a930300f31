// esbuild plugin: bundle zod's mini build (main/shared/contract/zod-mini.ts, the app's one home for it)
// while every other package stays external. Tree-shaken, only the parts the schemas use end up in the
// bundle: about 0.3 MiB for the engine's payload schemas once loaded, against about 10 for the whole
// package that `require('zod/mini')` would load (README "Memory").
import { fileURLToPath } from 'node:url';

/** @type {import('esbuild').Plugin} */
export const bundleZodMini = {
  name: 'bundle-zod-mini',
  setup(build) {
    build.onResolve({ filter: /^zod\/(mini|v4\/locales\/en\.js)$/ }, (args) => ({
      path: fileURLToPath(import.meta.resolve(args.path)),
    }));
  },
};
