// The UI contract, defined once (placeholder until the desktop issue lands).
export const CONTRACT_VERSION = 1;
