// electron-builder configuration for RPort Tray. `npm run dist` builds the installers of the current OS
// (networked machine: electron-builder downloads Electron and its packaging tools).
//
// EB_STUB_ELECTRON=<folder>: pack against a stub Electron folder instead of downloading one, and skip the
// fuses (they patch a sentinel inside the real binary). Only the packaging check uses it; a release never
// does. See test/integration/packaging/.
'use strict';

const stubElectron = process.env.EB_STUB_ELECTRON;

/** Keep in step with main/electron/app-identity.ts (the packaging check compares them). */
const APP_ID = 'io.github.rport-tray';
const PRODUCT_NAME = 'RPort Tray';
const EXECUTABLE_NAME = 'rport-tray';

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: APP_ID,
  productName: PRODUCT_NAME,
  executableName: EXECUTABLE_NAME,
  copyright: 'Copyright © RPort Tray developers',
  directories: { output: 'release', buildResources: 'build' },
  // The asar holds the bundles and package.json; electron-builder adds the production dependencies
  // (never devDependencies) by itself. Source maps stay out: the bundles are small and readable enough,
  // and maps would ship the TypeScript sources.
  files: [
    'package.json',
    'dist/**',
    '!dist/**/*.map',
    '!dist/.build-stamp',
    // ssh2's optional native helpers were compiled for the build machine's Node, not Electron's ABI
    // (npmRebuild is off); ssh2 falls back to pure JS when they are absent, so leave them out.
    '!node_modules/cpu-features/**',
    '!node_modules/ssh2/lib/protocol/crypto/build/**',
    // system-ca's optional native addons (Windows, macOS) read the OS trust store for Node 20; the app's
    // Electron has tls.getCACertificates('system') and never loads them (main/engine/trust-store.ts).
    '!node_modules/{win,macos}-export-certificate-and-key/**',
    '!node_modules/**/{test,tests,__tests__,example,examples,docs,.github}/**',
    '!node_modules/**/*.{md,markdown,map,ts,tsx,mts,cts}',
  ],
  // Tray images and the Linux window icon live outside the asar: the OS tray hosts read real files.
  extraResources: [
    { from: 'build/tray', to: 'tray' },
    { from: 'build/icons/256x256.png', to: 'app-icon.png' },
  ],
  asar: true,
  // ssh2 works in pure JS; rebuilding native modules here would use the wrong headers; the app bundles no native addon.
  npmRebuild: false,
  nodeGypRebuild: false,
  buildDependenciesFromSource: false,
  ...(stubElectron
    ? { electronDist: stubElectron }
    : {
        electronFuses: {
          runAsNode: false,
          enableCookieEncryption: true,
          enableNodeOptionsEnvironmentVariable: false,
          enableNodeCliInspectArguments: false,
          enableEmbeddedAsarIntegrityValidation: true,
          onlyLoadAppFromAsar: true,
          loadBrowserProcessSpecificV8Snapshot: false,
          grantFileProtocolExtraPrivileges: false,
        },
      }),

  win: {
    target: ['nsis'],
    icon: 'build/icon.ico',
  },
  nsis: {
    // Per-user install: no admin prompt, and the login item's execPath stays stable across updates.
    oneClick: false,
    perMachine: false,
    allowElevation: false,
    allowToChangeInstallationDirectory: true,
    createDesktopShortcut: false,
    createStartMenuShortcut: true,
    shortcutName: PRODUCT_NAME,
    runAfterFinish: true,
    deleteAppDataOnUninstall: false,
    artifactName: '${productName}-Setup-${version}-${arch}.${ext}',
  },

  mac: {
    target: ['dmg', 'zip'],
    icon: 'build/icon.icns',
    category: 'public.app-category.utilities',
    // A menu-bar-only agent app: no Dock tile, ever (better than app.dock.hide() at run time).
    extendInfo: { LSUIElement: true },
    hardenedRuntime: true,
    darkModeSupport: true,
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },

  linux: {
    target: ['AppImage', 'deb'],
    icon: 'build/icons',
    category: 'Network',
    synopsis: 'Keeps this machine reachable through an rportd server',
    description: 'A tray app that runs an RPort-compatible client, heals itself and edits rport.conf.',
    maintainer: 'RPort Tray developers <dev@rport-tray.invalid>',
    vendor: 'RPort Tray developers',
    executableName: EXECUTABLE_NAME,
    // The .desktop file is named after package.json's desktopName, which Electron also uses as the
    // Wayland app_id / WM_CLASS, so docks link the running window to the entry.
    syncDesktopName: true,
    desktop: {
      entry: {
        Name: PRODUCT_NAME,
        Comment: 'Keeps this machine reachable through an rportd server',
        Categories: 'Network;RemoteAccess;',
      },
    },
  },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  deb: {
    // electron-builder's default depends (gtk, nss, notify, secret, …) stay; a tray host is recommended:
    // without an AppIndicator host GNOME shows no tray icon at all.
    recommends: ['libayatana-appindicator3-1 | libappindicator3-1', 'gnome-keyring | kwalletmanager'],
    artifactName: '${name}_${version}_${arch}.${ext}',
  },
};
