// An error a request handler throws on purpose; it crosses the contract as data with its code.
import type { ContractError, ContractErrorCode } from '../../shared/contract';

export class AppError extends Error {
  constructor(
    readonly code: ContractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toContractError(err: unknown): ContractError {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message || 'unexpected error' };
}
