// The one token that stands for a hidden secret, wherever one is hidden: the log, the engine's messages,
// events and results sent to the window and the web UI, the config text and form in the window, a
// diagnostics export and `rport-tray config get`. One token, so a reader (and the editor's save, which
// must refuse to write it into a secret field) can recognise a masked value everywhere.
export const SECRET_MASK = '********';

/** True when the value, or any string inside it (list items, table values), holds the mask. */
export function holdsMask(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(SECRET_MASK);
  if (Array.isArray(value)) return value.some(holdsMask);
  if (value !== null && typeof value === 'object') return Object.values(value).some(holdsMask);
  return false;
}
