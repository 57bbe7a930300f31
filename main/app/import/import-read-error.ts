// Why a file offered for import cannot be read, in words a user can act on.
import { AppError } from '../core/app-error';

export function importReadError(source: string, err: unknown): AppError {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'there is no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'you may not read it (a service config is often readable by root only: copy it with sudo first)'
        : code === 'EISDIR'
          ? 'it is a folder'
          : err instanceof Error
            ? err.message
            : String(err);
  return new AppError('invalid-request', `cannot read ${source}: ${why}`);
}
