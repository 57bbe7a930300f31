// The diagnostics zip: as base64 for the headless window's download, or saved where the user chose.
import * as z from '../zod-mini';

export const diagnosticsExportSchema = z.object({
  fileName: z.string(),
  /** The zip, base64: a browser window offers it as a download (the desktop app uses saveDiagnostics). */
  base64: z.string(),
  bytes: z.int().check(z.minimum(0)),
});
export type DiagnosticsExport = z.infer<typeof diagnosticsExportSchema>;

/** Electron: the zip written where the user chose in a save dialog (nothing crosses to the window). */
export const diagnosticsSaveSchema = z.object({
  /** False when the user cancelled the dialog. */
  saved: z.boolean(),
  path: z.nullable(z.string()),
  bytes: z.int().check(z.minimum(0)),
});
export type DiagnosticsSave = z.infer<typeof diagnosticsSaveSchema>;
