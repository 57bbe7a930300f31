// Keeps one tray icon in step with the app: image (throttled), tooltip and a freshly built context menu
// whenever the menu model changes. Electron objects come in through `TrayDeps`, so this runs in tests
// with fakes; electron-main passes the real Tray, Menu and nativeImage.

import type { MenuItemConstructorOptions } from 'electron';
import path from 'node:path';
import { ThrottledSetter, type TimerApi } from './throttled-setter';
import { trayIconFile, type TrayIconChoice, type TrayIconContext } from './tray-icon-file';
import { trayMenuModel, type TrayAction, type TrayMenuInput } from './tray-menu-model';
import { toMenuTemplate } from './menu-template';
import { trayStateOf, type TrayState } from './tray-state';
import { trayTooltip } from './tray-tooltip';

export interface TrayLike<Img, Menu> {
  setImage(image: Img): void;
  setToolTip(text: string): void;
  setContextMenu(menu: Menu | null): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayDeps<Img, Menu> {
  createTray(image: Img): TrayLike<Img, Menu>;
  loadImage(file: string, template: boolean): Img;
  buildMenu(template: MenuItemConstructorOptions[]): Menu;
  /** Folder holding the generated tray images. */
  iconDir: string;
  iconContext(): TrayIconContext;
  dispatch(action: TrayAction): void;
  /**
   * Whether a click on the icon opens the window (default true). Off on macOS: there a click opens the
   * context menu and Electron also emits `click` (electron#24200), so the window would jump up under the
   * open menu; the menu's first action is Open.
   */
  openOnClick?: boolean;
  /** Default 200 ms, as Mullvad found icons get lost when switched faster. */
  imageIntervalMs?: number;
  timers?: TimerApi;
}

export class TrayController<Img, Menu> {
  private readonly tray: TrayLike<Img, Menu>;
  private readonly image: ThrottledSetter<TrayIconChoice>;
  private lastTooltip = '';
  private lastMenuKey = '';
  private state: TrayState = 'starting';

  constructor(
    private readonly deps: TrayDeps<Img, Menu>,
    initial: TrayMenuInput,
  ) {
    const first = trayIconFile(trayStateOf(initial), deps.iconContext());
    // A module-level reference keeps the Tray alive: electron-main holds this controller for the app's life.
    this.tray = deps.createTray(this.load(first));
    this.image = new ThrottledSetter<TrayIconChoice>(
      (choice) => this.tray.setImage(this.load(choice)),
      deps.imageIntervalMs ?? 200,
      (a, b) => a.file === b.file && a.template === b.template,
      deps.timers,
    );
    this.image.seed(first);
    // `click` is a shortcut only: on Linux it may never arrive, and the menu has Open too.
    if (deps.openOnClick ?? true) this.tray.on('click', () => deps.dispatch({ type: 'open' }));
    this.update(initial);
  }

  get currentState(): TrayState {
    return this.state;
  }

  update(input: TrayMenuInput): void {
    this.state = trayStateOf(input);
    this.image.set(trayIconFile(this.state, this.deps.iconContext()));
    const tooltip = trayTooltip(input, input.productName);
    if (tooltip !== this.lastTooltip) {
      this.lastTooltip = tooltip;
      this.tray.setToolTip(tooltip);
    }
    const model = trayMenuModel(input);
    const key = JSON.stringify(model);
    if (key !== this.lastMenuKey) {
      this.lastMenuKey = key;
      this.tray.setContextMenu(this.deps.buildMenu(toMenuTemplate(model, this.deps.dispatch)));
    }
  }

  dispose(): void {
    this.image.dispose();
    this.tray.destroy();
  }

  private load(choice: TrayIconChoice): Img {
    return this.deps.loadImage(path.join(this.deps.iconDir, choice.file), choice.template);
  }
}
