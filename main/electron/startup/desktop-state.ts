// What the start-up steps create and the app's event handlers (second instance, quit, a failed start)
// reach later: filled in step by step, so a handler that fires early finds null and does the safe thing.
import type { BrowserWindow } from 'electron';
import type { LogSink } from '../../logging/log-sink';
import type { WindowController } from '../window/window-controller';
import type { CoreHandles } from './desktop-types';

export interface DesktopTray {
  /** Redraws the icon, tooltip and menu from the latest engine snapshot and settings. */
  update(): void;
  dispose(): void;
}

export type DesktopLog = (level: 'error' | 'warn' | 'info', message: string) => void;

export class DesktopState {
  sink: LogSink | null = null;
  engine: CoreHandles | null = null;
  windows: WindowController | null = null;
  /** The window while it exists: the parent of the file dialogs, so they are modal to it. */
  dialogParent: BrowserWindow | null = null;
  tray: DesktopTray | null = null;
  /** A second launch before the window existed: show it once it does. */
  showWhenReady = false;
  /** Quit (or a failed start) is under way: a window holding unsaved edits is closed anyway. */
  quitting = false;
  /** The engine is stopped: the next quit goes through. */
  stopped = false;

  /** The app's log once it is open; stderr before that. */
  readonly log: DesktopLog = (level, message) => {
    if (this.sink) this.sink.log(level, 'desktop', message);
    else console.error(message);
  };
}
