// The app's own version, injected at build time by esbuild's `define` from package.json; tests set the
// same global in their setup file.
declare const __APP_VERSION__: string | undefined;

export const APP_VERSION: string = typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : '0.0.0-dev';
export const APP_NAME = 'RPort Tray';
