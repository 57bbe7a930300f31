// ssh2 compiles a WebAssembly Poly1305 (lib/protocol/crypto/poly1305.js) when it is loaded, for its
// pure-JS chacha20-poly1305 cipher. Where ssh2's native helper (sshcrypto.node) loads, that cipher never
// runs: chacha20-poly1305 goes through the helper, and nothing else uses the WebAssembly module. Compiling
// it anyway costs the engine process about 4 MiB (V8's WebAssembly compiler and the module's memory),
// so here it is left out: ssh2 finds in its module cache a stand-in whose functions fail loudly if the
// pure-JS cipher ever ran. Without the helper (the packaged desktop app ships none) nothing is changed
// and ssh2 compiles it as before. Call before the first require('ssh2').
import { createRequire, Module } from 'node:module';

const require = createRequire(import.meta.url);

const POLY1305 = 'ssh2/lib/protocol/crypto/poly1305.js';
const NATIVE_HELPER = 'ssh2/lib/protocol/crypto/build/Release/sshcrypto.node';

interface Poly1305Standin {
  _malloc(size: number): number;
  cwrap(name: string, returns: null, args: string[]): (...args: unknown[]) => never;
  HEAPU8: Uint8Array;
}

/** True when the WebAssembly module was left out (the native helper is there). */
export function skipUnusedPoly1305Wasm(): boolean {
  const file = require.resolve(POLY1305);
  if (require.cache[file]) return false;
  try {
    // ssh2 loads the same file itself a moment later (one module instance per process).
    require(NATIVE_HELPER);
  } catch {
    return false;
  }
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  // ssh2's crypto.js `init` (every connection waits for it) takes `_malloc` and `cwrap('poly1305_auth')`;
  // only its pure-JS chacha20-poly1305 would call the result.
  const unused = (): never => {
    throw new Error(`${POLY1305} was left out because ${NATIVE_HELPER} is loaded (main/engine/ssh2-poly1305.ts)`);
  };
  stub.exports = (): Promise<Poly1305Standin> =>
    Promise.resolve({ _malloc: () => 0, cwrap: () => unused, HEAPU8: new Uint8Array(0) });
  require.cache[file] = stub;
  return true;
}
