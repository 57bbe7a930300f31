// A tray app's one small window needs no GPU. Chromium starts a GPU process of its own even for software
// rendering, tens of MiB that stay for as long as the app runs; so here, before `ready`: hardware
// acceleration off (the window is drawn in software), and on Linux and Windows Chromium's `in-process-gpu`,
// which runs what is left of its GPU work as a thread of the main process instead of a process (issue 16;
// README "Manual checks on a desktop" says how to see it). RPORT_TRAY_GPU=1 keeps Chromium's default, should
// a graphics driver need it.
import type { App } from 'electron';

export type GpuMode = 'no-gpu-process' | 'software' | 'default';

export function setupGpu(
  app: Pick<App, 'disableHardwareAcceleration' | 'commandLine'>,
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
): GpuMode {
  if (env.RPORT_TRAY_GPU === '1') return 'default';
  app.disableHardwareAcceleration();
  // macOS composites through its own window server; the switch is left to Chromium's default there.
  if (platform === 'darwin') return 'software';
  app.commandLine.appendSwitch('in-process-gpu');
  return 'no-gpu-process';
}
