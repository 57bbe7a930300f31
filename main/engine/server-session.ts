// The seam between the connection core (transport, handshake, reply rules) and the features that answer
// or send server requests (remote commands, uploads, updates, monitoring, IP addresses, metadata).
// The core owns the SSH connection and the reply FIFO; features see only this interface.

import type { Duplex } from 'node:stream';
import type { SFTPWrapper } from 'ssh2';
import type { RportConfig } from '../shared/types/config-types';
import type { LogLevelName, RemoteActivity, ServerRef } from '../shared/types/engine-types';

/** A reply to a want-reply server request: `payload: null` is an empty payload (e.g. the `ping` reply). */
export interface RequestReply {
  ok: boolean;
  payload: Buffer | null;
}

/** `put_capabilities` from the server (§5.2); absent on servers older than 0.4.11. */
export interface ServerCapabilities {
  ServerVersion?: string;
  MonitoringVersion?: number;
  IPAddressesVersion?: number;
}

/** One live, handshaken connection to rportd. */
export interface ServerSession {
  readonly server: ServerRef;
  /** Remote `ip:port` of the underlying TCP connection (the server or the proxy). */
  readonly remoteAddress: string;
  readonly closed: boolean;
  /** Client → server request with want_reply=false (cmd_result, updates_status, save_measurement, ip_addresses). */
  notify(name: string, payload: Buffer): void;
  /**
   * Resolves once the server has answered a request sent after everything sent so far (a `ping`: rportd
   * handles a client's requests one after the other, §5.1), i.e. it has read it all; rejects when the
   * connection closes first.
   */
  confirmDelivery(): Promise<void>;
  /** Opens a client → server channel of a custom type (`stdout`, `stderr`) with raw extra data (§11.5). */
  openChannel(type: string, extra: Buffer): Promise<Duplex>;
  /** An SFTP session on the server's read-only SFTP subsystem (uploads, §5.5). */
  sftp(): Promise<SFTPWrapper>;
  /** Called once when the connection ends, for whatever reason. */
  onClose(listener: () => void): void;
}

/** Tags and labels sent in `new_connection`; `update_client_metadata` replaces them for the next one. */
export interface ClientAttributes {
  tags: string[];
  labels: Record<string, string>;
}

export interface FeatureContext {
  config: RportConfig;
  log(level: LogLevelName, message: string): void;
  /** Reports a remote command or upload for the window's activity list and notifications. */
  activity(activity: RemoteActivity): void;
  /** True while the user blocked remote commands from the tray. */
  remoteCommandsBlocked(): boolean;
  getAttributes(): ClientAttributes;
  setAttributes(attributes: ClientAttributes): void;
}

export interface RequestContext extends FeatureContext {
  session: ServerSession;
}

/**
 * Answers one want-reply server request. Must resolve promptly (§5.1): long work (a command, an upload)
 * goes on in the background after the reply. A handler that throws gets a failure reply with the message.
 */
export type ServerRequestHandler = (payload: Buffer, context: RequestContext) => Promise<RequestReply>;

/**
 * Background work tied to one connection (updates sender, monitoring, IP fetcher). `start` runs after a
 * successful `new_connection`; `capabilities` when `put_capabilities` arrives; the returned stop function
 * runs when the connection ends.
 */
export interface SessionFeature {
  name: string;
  start(session: ServerSession, context: FeatureContext): SessionFeatureHandle;
}

export interface SessionFeatureHandle {
  capabilities?(capabilities: ServerCapabilities): void;
  stop(): void;
}

/** What a feature module contributes to the engine. */
export interface EngineFeatureSet {
  requestHandlers: Record<string, ServerRequestHandler>;
  sessionFeatures: SessionFeature[];
  /** Resolves once what the features keep for later is on disk (kept command results); stop waits for it. */
  flush?(): Promise<void>;
}
