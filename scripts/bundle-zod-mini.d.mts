import type { Plugin } from 'esbuild';
export declare const bundleZodMini: Plugin;
