// The engine worker's environment, with glibc's malloc held to two arenas. glibc gives each thread that
// allocates its own arena (up to 8 per core), and the worker's threads (V8's compiler and GC helpers,
// libuv's pool) each keep one with pages resident: about 1.5 MiB of an idle worker (README "Memory").
// The worker's JavaScript runs on one thread, so two arenas leave it no lock contention worth measuring.
// Other C libraries (musl, macOS, Windows) ignore the variable; a value the user set is kept.
export function workerMemoryEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return env.MALLOC_ARENA_MAX === undefined ? { ...env, MALLOC_ARENA_MAX: '2' } : env;
}
