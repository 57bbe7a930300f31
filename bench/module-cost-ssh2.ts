// A module-cost row: ssh2 loaded the way the engine loads it on its first dial (ssh2-hooks.ts: checked,
// patched, its unused WebAssembly Poly1305 left out when the native helper is there).
import { loadSsh2 } from '../main/engine/ssh2-hooks';

loadSsh2();
