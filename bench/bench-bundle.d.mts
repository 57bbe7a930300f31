import type { BuildOptions } from 'esbuild';
export declare const BENCH_BUNDLE_OPTIONS: BuildOptions;
