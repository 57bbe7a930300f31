// Names the OS sees. Keep in step with build/electron-builder.config.cjs (the packaging check compares
// them): Windows matches toasts and the taskbar to the installed shortcut by this AppUserModelId.

export const APP_ID = 'io.github.rport-tray';
export const PRODUCT_NAME = 'RPort Tray';
export const EXECUTABLE_NAME = 'rport-tray';
/** The XDG autostart entry's file name (without `.desktop`). */
export const AUTOSTART_ENTRY_ID = EXECUTABLE_NAME;
