// ssh2's client loads two modules with itself that the engine needs late or never: its SFTP client
// (lib/protocol/SFTP.js, 3,600 lines; only uploads use it) and bcrypt-pbkdf with tweetnacl (only for
// encrypted OpenSSH private keys, which a client that logs in with a password never parses). Loaded at
// start they cost the idle engine process about 0.5 MiB RSS (README "Memory"). So ssh2 finds stand-ins for
// both in its module cache that load the real module the first time they are used, and hand that over.
// - SFTP: the stand-in class constructs the real one (Reflect.construct with itself as new.target), so an
//   instance's constructor is the class ssh2's own modules compare it with (lib/utils.js tells SFTP
//   channels apart that way) and it is still an instance of the real SFTP. The module's other exports
//   (STATUS_CODE, OPEN_MODE, ... for an SFTP server) load it when read.
// - bcrypt-pbkdf: `pbkdf` loads it when called.
// Call before the first require('ssh2'); a module already loaded is left as it is.
import { createRequire, Module } from 'node:module';

const require = createRequire(import.meta.url);

const SFTP_MODULE = 'ssh2/lib/protocol/SFTP.js';
const SFTP_OTHER_EXPORTS = ['flagsToString', 'OPEN_MODE', 'Stats', 'STATUS_CODE', 'stringToFlags'] as const;
const KEY_PARSER = 'ssh2/lib/protocol/keyParser.js';

type Constructor = new (...args: unknown[]) => object;

/** Puts `exports` in the module cache as `file`; returns a loader of the real module (once, then cached). */
function standIn(file: string, exports: object): () => Record<string, unknown> {
  let real: Record<string, unknown> | null = null;
  const stub = new Module(file);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = exports;
  require.cache[file] = stub;
  return () => {
    if (real) return real;
    // The real module is loaded under the same name, then the stand-in goes back: what ssh2 requires
    // later still gets the stand-in it already holds.
    delete require.cache[file];
    try {
      real = require(file) as Record<string, unknown>;
    } finally {
      require.cache[file] = stub;
    }
    return real;
  };
}

function lazySftpModule(file: string): void {
  const exports: Record<string, unknown> = {};
  const load = standIn(file, exports);
  let Real: Constructor | null = null;
  const realSftp = (): Constructor => {
    if (!Real) {
      Real = load().SFTP as Constructor;
      Object.setPrototypeOf(LazySftp.prototype, Real.prototype);
      Object.setPrototypeOf(LazySftp, Real);
    }
    return Real;
  };
  function LazySftp(this: unknown, ...args: unknown[]): object {
    return Reflect.construct(realSftp(), args, new.target ?? LazySftp);
  }
  Object.defineProperty(LazySftp, 'name', { value: 'SFTP' });
  exports.SFTP = LazySftp;
  for (const name of SFTP_OTHER_EXPORTS)
    Object.defineProperty(exports, name, { enumerable: true, get: () => load()[name] });
}

function lazyBcryptPbkdf(file: string): void {
  const load = standIn(file, {
    pbkdf: (...args: unknown[]): unknown => (load().pbkdf as (...a: unknown[]) => unknown)(...args),
  });
}

/** Installs both stand-ins; false for a module ssh2 had loaded already. */
export function loadSsh2ModulesOnFirstUse(): { sftp: boolean; bcryptPbkdf: boolean } {
  const sftpFile = require.resolve(SFTP_MODULE);
  // bcrypt-pbkdf as ssh2's key parser resolves it (its own dependency, wherever npm put it).
  const bcryptFile = createRequire(require.resolve(KEY_PARSER)).resolve('bcrypt-pbkdf');
  const sftp = !require.cache[sftpFile];
  const bcryptPbkdf = !require.cache[bcryptFile];
  if (sftp) lazySftpModule(sftpFile);
  if (bcryptPbkdf) lazyBcryptPbkdf(bcryptFile);
  return { sftp, bcryptPbkdf };
}
