// The schema library for payloads the server sends the engine (run_cmd jobs, uploads, client
// attributes): zod's tree-shakable "mini" build, bundled into the engine's code by the build with only the
// parts named here, and zod's English messages. The classic `zod` package costs the worker about 10 MiB
// once the first command or upload arrives; these parts about 0.3 (README "Memory"). Named, not
// `export * as z`: a namespace object would keep all of zod in the bundle.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// Mini loads no locale: without this every issue reads "Invalid input", and the engine's replies quote
// the message as Go's decoder errors do.
config(en());

export { _default, array, boolean, int, nonnegative, nullable, object, optional, record, string } from 'zod/mini';
