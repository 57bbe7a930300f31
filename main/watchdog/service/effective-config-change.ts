// Whether an edit of the service's rport.conf changes what the service runs: the effective configs
// (main/config/effective-config.ts, the one place it is made) before and after are compared, so a
// comment, a reordering or a default written out does not restart the service.
import { isDeepStrictEqual } from 'node:util';
import { resolveEffectiveConfig } from '../../config/effective-config';
import type { RportConfig } from '../../shared/types/config-types';

export function effectiveConfigChanged(before: RportConfig | null, after: RportConfig): boolean {
  if (before === null) return true;
  const a = resolveEffectiveConfig(before).effective;
  const b = resolveEffectiveConfig(after).effective;
  // A config that does not resolve is compared as decoded: what the client would refuse either way.
  return a === null || b === null ? !isDeepStrictEqual(before, after) : !isDeepStrictEqual(a, b);
}
