// Load-on-first-use for the remote features: a request handler whose module is imported when the first
// request of its kind arrives, and a session feature whose module is imported when a connection needs
// it. The build splits each dynamic import into a chunk of its own (scripts/build.mjs), so an engine that
// never runs a command never loads the command code, zod's job schema or iconv-lite's tables.
import type {
  FeatureContext,
  ServerCapabilities,
  ServerRequestHandler,
  SessionFeature,
  SessionFeatureHandle,
} from '../server-session';

/** `load` once; a failed load is forgotten so that the next use tries again. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}

/** A handler that imports the real one on its first request (a load failure is that request's failure reply). */
export function lazyRequestHandler(load: () => Promise<ServerRequestHandler>): ServerRequestHandler {
  const handler = loadOnce(load);
  return async (payload, context) => (await handler())(payload, context);
}

export interface LazySessionFeatureOptions {
  name: string;
  load: () => Promise<SessionFeature>;
  /**
   * False when the config leaves nothing for the feature to do on this connection (the real feature would
   * start and do nothing): then nothing is loaded.
   */
  needed(context: FeatureContext): boolean;
}

/**
 * A session feature that imports the real one when a connection needs it and starts it then, with the
 * capabilities that arrived meanwhile. A connection that ended before the load finished starts nothing.
 */
export function lazySessionFeature(options: LazySessionFeatureOptions): SessionFeature {
  const feature = loadOnce(options.load);
  return {
    name: options.name,
    start(session, context) {
      if (!options.needed(context)) return { stop() {} };
      let real: SessionFeatureHandle | null = null;
      let stopped = false;
      const early: ServerCapabilities[] = [];
      feature().then(
        (loaded) => {
          if (stopped || session.closed) return;
          real = loaded.start(session, context);
          for (const capabilities of early.splice(0)) real.capabilities?.(capabilities);
        },
        (error: unknown) =>
          context.log(
            'error',
            `${options.name}: cannot load: ${error instanceof Error ? error.message : String(error)}`,
          ),
      );
      return {
        capabilities(capabilities) {
          if (real) real.capabilities?.(capabilities);
          else early.push(capabilities);
        },
        stop() {
          stopped = true;
          real?.stop();
        },
      };
    },
  };
}
