import { z } from 'zod';

/** A point in time as epoch milliseconds (what Date.now() gives), the one time format of the contract. */
export const epochMs = z.number().nonnegative();
