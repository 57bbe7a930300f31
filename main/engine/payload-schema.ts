// The schema library for payloads the server sends the engine (run_cmd jobs, uploads, client
// attributes): the parts of zod's mini build these schemas use, from the app's one home for it
// (main/shared/contract/zod-mini.ts, which also loads zod's English messages: the engine's replies quote
// an issue's message as Go's decoder errors do). The build bundles only these parts into the worker:
// about 0.3 MiB once the first command or upload arrives, against about 10 for classic `zod` (README
// "Memory"). Named, not `export * as z`: a namespace object would keep all of zod in the bundle.
import { _default, optional, type core, type ZodMiniType } from '../shared/contract/zod-mini';

export {
  array,
  boolean,
  int,
  nonnegative,
  nullable,
  object,
  optional,
  record,
  string,
} from '../shared/contract/zod-mini';

/** A field as Go's decoder reads it: missing, it is `zero` (Go's zero value); of the wrong type, an issue. */
export function goField<T extends ZodMiniType>(schema: T, zero: core.util.NoUndefined<core.output<T>>) {
  return _default(optional(schema), zero);
}
