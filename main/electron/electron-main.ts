// Electron main process entry: the only file that wires the real `electron` module into the desktop
// app. Everything it composes is plain, injected and unit-tested (desktop-app.ts and its startup/ steps,
// desktop-core.ts).

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  nativeTheme,
  Notification,
  powerMonitor,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  Tray,
} from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazyEngineConnectionTester } from '../app/setup/lazy-connection-tester';
import { appDataDir, defaultConfigPath } from '../config/app-paths';
import { createLogSink } from '../logging/log-sink';
import { acquireInstanceLock } from '../run/instance-lock';
import { ENGINE_WORKER_FILE } from '../watchdog/engine-worker-path';
import { runDesktopApp } from './desktop-app';
import { createDesktopCore } from './desktop-core';
import { createDesktopServiceCore } from './desktop-service-core';
import { resolveSystemProxies, systemProxyStartOption } from './system-proxy';
import { createUtilityProcessHost } from './utility-process-host';
import { workerMemoryEnv } from '../watchdog/worker-memory-env';

// This bundle is dist/electron-main.js: the preload, the worker and the renderer sit next to it.
const distDir = path.dirname(fileURLToPath(import.meta.url));
// Packaged: tray images and the window icon are extra resources; a dev run takes them from build/.
const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(distDir, '..', 'build');
const appIconPath = path.join(resourcesDir, app.isPackaged ? 'app-icon.png' : 'icons/256x256.png');

runDesktopApp(
  {
    app,
    BrowserWindow,
    dialog,
    ipcMain,
    Menu,
    nativeImage,
    nativeTheme,
    Notification,
    powerMonitor,
    protocol,
    safeStorage,
    screen,
    session,
    shell,
    Tray,
  },
  {
    // A development run also logs to the terminal it was started from.
    openLog: () => createLogSink({ dataDir: appDataDir(), stdout: app.isPackaged ? null : process.stdout }),
    createCore: (input) => {
      const dataDir = appDataDir();
      // Service mode (issue 17): follow the rport service installed here instead of running an engine.
      const connection = input.settings.connection?.();
      if (connection?.activeMode === 'service') {
        return createDesktopServiceCore({ ...input, service: connection.service, dataDir });
      }
      const resolve = (entries: readonly string[]) => resolveSystemProxies(session.defaultSession, entries);
      const useSystemProxy = () => input.preferences.get().useSystemProxy;
      const configPath = input.preferences.get().configPath ?? defaultConfigPath();
      return createDesktopCore({
        ...input,
        configPath,
        // Released when the process exits (instance-lock's exit hook); held across config reloads.
        claimDataDir: (dir) => void acquireInstanceLock(dir, configPath),
        dataDir,
        testConnection: lazyEngineConnectionTester(
          dataDir,
          async (config) => (await systemProxyStartOption(config, useSystemProxy(), resolve)).systemProxies,
        ),
        resolveSystemProxies: resolve,
      });
    },
    createWorkerHost: () =>
      createUtilityProcessHost({
        entry: path.join(distDir, ENGINE_WORKER_FILE),
        serviceName: 'RPort Tray engine',
        env: workerMemoryEnv(process.env),
      }),
    distDir,
    resourcesDir,
    appIconPath,
    argv: process.argv,
    platform: process.platform,
    env: process.env,
    execPath: process.execPath,
  },
);
