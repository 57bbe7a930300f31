// The schema library of the app: zod's tree-shakable "mini" build with zod's English messages, the one
// place that configures it. Every schema imports it as `import * as z from '…/zod-mini'`: the UI contract
// (this folder), the WebSocket framing (main/ui-bridge/ws-protocol.ts), the preferences
// (main/config/preferences.ts) and the engine's payload schemas (main/engine/payload-schema.ts). The Node
// bundles bundle only the parts named here (scripts/bundle-zod-mini.mjs), vite and the preload's esbuild
// tree-shake them: about 0.3 MiB once loaded, against 10-12 MiB for the classic `zod` package (README
// "Memory"). Named exports, not `export * as z`: a namespace object would keep all of zod in a bundle.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Mini loads no locale: without this every issue reads "Invalid input". The window shows these messages
// (validation.ts describeIssues) and the engine's replies quote them, as classic zod worded them.
config(en());

export {
  _default,
  array,
  boolean,
  discriminatedUnion,
  enum,
  extend,
  int,
  literal,
  maxLength,
  maximum,
  minLength,
  minimum,
  nonnegative,
  null,
  nullable,
  number,
  object,
  optional,
  partial,
  record,
  refine,
  strictObject,
  string,
  trim,
  union,
  unknown,
} from 'zod/mini';
export type { core, infer, input, output, ZodMiniObject, ZodMiniType } from 'zod/mini';
