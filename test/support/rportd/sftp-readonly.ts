// rportd answers a client's `session` channel with pkg/sftp's read-only server over its own filesystem
// (client_listener.go handleSessionChannel, docs/protocol.md §5.5). Here the served filesystem is
// `sftpRoot`: "/" maps to it and nothing outside it is reachable. Every write-type request gets
// PERMISSION_DENIED, like sftp.ReadOnly().
import { closeSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import { utils, type Attributes, type SFTPWrapper } from 'ssh2';

const { STATUS_CODE, OPEN_MODE } = utils.sftp;

function attrsOf(st: Stats): Attributes {
  return {
    mode: st.mode,
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    atime: Math.floor(st.atimeMs / 1000),
    mtime: Math.floor(st.mtimeMs / 1000),
  };
}

export function serveReadOnlySftp(sftp: SFTPWrapper, root: string, note: (text: string) => void): void {
  const realRoot = realpathSync(root);
  const files = new Map<string, { fd: number } | { dir: string; listed: boolean }>();
  let nextHandle = 0;

  const toLocal = (p: string): string | null => {
    const norm = posix.normalize(posix.join('/', p));
    const local = resolve(realRoot, `.${norm}`);
    return local === realRoot || local.startsWith(realRoot + sep) ? local : null;
  };
  const newHandle = (v: { fd: number } | { dir: string; listed: boolean }): Buffer => {
    const h = Buffer.alloc(4);
    h.writeUInt32BE(nextHandle++);
    files.set(h.toString('hex'), v);
    return h;
  };
  const fail = (reqId: number, err: unknown): void => {
    const code = (err as NodeJS.ErrnoException).code;
    sftp.status(
      reqId,
      code === 'ENOENT'
        ? STATUS_CODE.NO_SUCH_FILE
        : code === 'EACCES'
          ? STATUS_CODE.PERMISSION_DENIED
          : STATUS_CODE.FAILURE,
    );
  };
  const denied = (reqId: number): void => {
    note('sftp: write request refused (read-only server)');
    sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED);
  };

  sftp.on('OPEN', (reqId, filename, flags) => {
    if (flags & (OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC | OPEN_MODE.EXCL))
      return denied(reqId);
    const local = toLocal(filename);
    if (!local) return sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    try {
      sftp.handle(reqId, newHandle({ fd: openSync(local, 'r') }));
    } catch (err) {
      fail(reqId, err);
    }
  });
  sftp.on('READ', (reqId, handle, offset, length) => {
    const f = files.get(handle.toString('hex'));
    if (!f || !('fd' in f)) return sftp.status(reqId, STATUS_CODE.FAILURE);
    const buf = Buffer.alloc(length);
    const n = readSync(f.fd, buf, 0, length, offset);
    if (n === 0) sftp.status(reqId, STATUS_CODE.EOF);
    else sftp.data(reqId, buf.subarray(0, n));
  });
  sftp.on('FSTAT', (reqId, handle) => {
    const f = files.get(handle.toString('hex'));
    if (!f || !('fd' in f)) return sftp.status(reqId, STATUS_CODE.FAILURE);
    sftp.attrs(reqId, attrsOf(fstatSync(f.fd)));
  });
  const stat = (reqId: number, p: string): void => {
    const local = toLocal(p);
    if (!local) return sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    try {
      sftp.attrs(reqId, attrsOf(statSync(local)));
    } catch (err) {
      fail(reqId, err);
    }
  };
  sftp.on('STAT', stat);
  sftp.on('LSTAT', stat);
  sftp.on('OPENDIR', (reqId, p) => {
    const local = toLocal(p);
    if (!local) return sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE);
    try {
      if (!statSync(local).isDirectory()) return sftp.status(reqId, STATUS_CODE.FAILURE);
      sftp.handle(reqId, newHandle({ dir: local, listed: false }));
    } catch (err) {
      fail(reqId, err);
    }
  });
  sftp.on('READDIR', (reqId, handle) => {
    const d = files.get(handle.toString('hex'));
    if (!d || !('dir' in d)) return sftp.status(reqId, STATUS_CODE.FAILURE);
    if (d.listed) return sftp.status(reqId, STATUS_CODE.EOF);
    d.listed = true;
    const names = readdirSync(d.dir).map((filename) => {
      const attrs = attrsOf(statSync(resolve(d.dir, filename)));
      return { filename, longname: filename, attrs };
    });
    sftp.name(reqId, names);
  });
  sftp.on('CLOSE', (reqId, handle) => {
    const key = handle.toString('hex');
    const f = files.get(key);
    if (!f) return sftp.status(reqId, STATUS_CODE.FAILURE);
    if ('fd' in f) closeSync(f.fd);
    files.delete(key);
    sftp.status(reqId, STATUS_CODE.OK);
  });
  sftp.on('REALPATH', (reqId, p) => {
    const norm = posix.normalize(posix.join('/', p));
    sftp.name(reqId, [{ filename: norm, longname: norm, attrs: {} as Attributes }]);
  });
  for (const ev of ['WRITE', 'FSETSTAT', 'SETSTAT', 'REMOVE', 'RMDIR', 'MKDIR', 'RENAME', 'SYMLINK'] as const) {
    sftp.on(ev, (reqId: number) => denied(reqId));
  }
  sftp.on('READLINK', (reqId: number) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED));
  sftp.on('close', () => {
    for (const f of files.values()) if ('fd' in f) closeSync(f.fd);
    files.clear();
  });
}
