import * as z from '../zod-mini';

/** A point in time as epoch milliseconds (what Date.now() gives), the one time format of the contract. */
export const epochMs = z.number().check(z.nonnegative());
