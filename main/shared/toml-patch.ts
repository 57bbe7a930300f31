// @decimalturn/toml-patch, loaded the first time something needs it: a problem in a config file that names
// its line, an edit of rport.conf, a masked copy of its text. A running client whose config is fine needs
// none of these, and the package costs the supervisor about 1.3 MiB RSS (README "Memory"). Its callers are
// synchronous, so it is required, not imported: Node >= 20.19 (the engines field) and Electron's Node
// require ES modules.
import { createRequire } from 'node:module';
import type * as TomlPatch from '@decimalturn/toml-patch';

const require = createRequire(import.meta.url);
let loaded: typeof TomlPatch | null = null;

export function tomlPatch(): typeof TomlPatch {
  return (loaded ??= require('@decimalturn/toml-patch') as typeof TomlPatch);
}

/** Whether this process has loaded it (tests of what loads when). */
export function tomlPatchLoaded(): boolean {
  return loaded !== null;
}
