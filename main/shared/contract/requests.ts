// The requests the window sends to the main side: one line per call, its name → params schema + result
// schema. The main side checks every incoming request's params against this map, and the clients check
// every result, so both ends of both transports (Electron IPC, the headless WebSocket) agree on it.
import * as z from './zod-mini';
import {
  configDocumentSchema,
  configDraftSchema,
  configFormSchema,
  configTextSchema,
  saveOutcomeSchema,
} from './schemas/config-editing';
import { diagnosticsExportSchema, diagnosticsSaveSchema } from './schemas/diagnostics';
import { importCandidateSchema, importOutcomeSchema, importPathSchema, importPreviewSchema } from './schemas/import';
import { preferencesPatchSchema, settingsSchema } from './schemas/settings';
import { connectionTestReportSchema, setupInputSchema, setupOutcomeSchema } from './schemas/setup';
import { snapshotSchema } from './schemas/snapshot';
import { connectionPatchSchema, installedServiceSchema } from './schemas/service-watch';

const noParams = z.optional(z.strictObject({}));
const done = z.null();

export const requestSchemas = {
  getSnapshot: { params: noParams, result: snapshotSchema },
  pause: { params: noParams, result: done },
  resume: { params: noParams, result: done },
  restartEngine: { params: noParams, result: done },
  /** After the watchdog gave up (`failed`): a fresh restart budget. */
  retry: { params: noParams, result: done },
  /** 0 = back to the primary. */
  switchServer: { params: z.strictObject({ index: z.int().check(z.minimum(0), z.maximum(255)) }), result: done },
  /** "Block remote commands" (also in the tray): refuse the server's commands, scripts and uploads until
   *  allowed again; kept across engine restarts for the life of the app. */
  setRemoteCommandsBlocked: { params: z.strictObject({ blocked: z.boolean() }), result: done },
  getConfig: { params: noParams, result: configDocumentSchema },
  /** Live validation of an edited text (raw view). */
  checkConfig: { params: z.strictObject({ text: configTextSchema }), result: configDraftSchema },
  /** Applies form changes to a text, keeping its comments; returns the new text, validated. */
  patchConfig: {
    params: z.strictObject({ text: configTextSchema, changes: z.partial(configFormSchema) }),
    result: configDraftSchema,
  },
  /** Validates and saves (atomically, previous file kept), then restarts the engine with it. */
  saveConfig: {
    params: z.strictObject({ text: configTextSchema, baseRevision: z.optional(z.string().check(z.maxLength(128))) }),
    result: saveOutcomeSchema,
  },
  /** The zip as base64, for the headless window's download. */
  exportDiagnostics: { params: noParams, result: diagnosticsExportSchema },
  /** Electron: asks where to save (native dialog) and writes the zip there, owner-only. */
  saveDiagnostics: { params: noParams, result: diagnosticsSaveSchema },
  testConnection: { params: setupInputSchema, result: connectionTestReportSchema },
  /** First start: tests the connection, writes the config and starts the engine. */
  completeSetup: {
    params: z.extend(setupInputSchema, {
      skipTest: z.optional(z.boolean()),
      /** Keep the password in the OS keychain: the file gets `auth = "id:"`, never the password. */
      keepPasswordInKeychain: z.optional(z.boolean()),
    }),
    result: setupOutcomeSchema,
  },
  getPreferences: { params: noParams, result: settingsSchema },
  /** Validated, stored, and applied (login item, tray icon); returns the settings now in effect. */
  updatePreferences: { params: preferencesPatchSchema, result: settingsSchema },
  /** Moves the client password between rport.conf and the OS keychain. */
  setPasswordStorage: {
    params: z.strictObject({ storage: z.enum(['keychain', 'file']) }),
    result: settingsSchema,
  },
  /** The usual places of an installed Go client's config that exist here. */
  findImportCandidates: { params: noParams, result: z.object({ candidates: z.array(importCandidateSchema) }) },
  /** Electron: a native open-file dialog; null when cancelled. */
  chooseImportFile: { params: noParams, result: z.object({ path: z.nullable(z.string()) }) },
  previewImport: { params: z.strictObject({ path: importPathSchema }), result: importPreviewSchema },
  /** Copies the file to the config in use and starts the engine with it; an existing config is only
   *  replaced with `replaceExisting` (it is kept as a backup). */
  importConfig: {
    params: z.strictObject({ path: importPathSchema, replaceExisting: z.boolean() }),
    result: importOutcomeSchema,
  },
  /** The rport services installed here (their usual places), for Setup and Settings to offer (issue 17). */
  findInstalledServices: { params: noParams, result: z.object({ services: z.array(installedServiceSchema) }) },
  /** Follow the app's own engine or the rport service on this machine; the desktop app restarts to apply it. */
  setConnection: { params: connectionPatchSchema, result: settingsSchema },
} as const;

export type RequestName = keyof typeof requestSchemas;
export const REQUEST_NAMES = Object.keys(requestSchemas) as RequestName[];
export type RequestParams<N extends RequestName> = z.input<(typeof requestSchemas)[N]['params']>;
export type ParsedParams<N extends RequestName> = z.output<(typeof requestSchemas)[N]['params']>;
export type RequestResult<N extends RequestName> = z.output<(typeof requestSchemas)[N]['result']>;

/** Zero arguments for requests without params, else one. */
export type ParamsArgs<N extends RequestName> =
  undefined extends RequestParams<N> ? [params?: RequestParams<N>] : [params: RequestParams<N>];
