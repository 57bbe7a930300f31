// In the desktop app, closing the window ends its renderer process (main/electron/window/
// window-controller.ts: a closed window costs no memory), and unsaved edits would go with it. While there
// are some, the window refuses to unload, and the app hides it instead of closing it. In a browser (the
// headless web UI) nothing changes: the tab is the user's to close.
import { useEffect } from 'react';

export function useKeepWindowWhileUnsaved(unsaved: boolean): void {
  useEffect(() => {
    if (!unsaved || !window.rportTray) return;
    const refuse = (event: BeforeUnloadEvent): void => {
      event.preventDefault();
      // Electron cancels the unload for any value but undefined.
      event.returnValue = false;
    };
    window.addEventListener('beforeunload', refuse);
    return () => window.removeEventListener('beforeunload', refuse);
  }, [unsaved]);
}
