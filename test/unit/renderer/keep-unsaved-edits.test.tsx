import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { RportTrayBridge } from '../../../main/shared/contract';
import { useKeepWindowWhileUnsaved } from '../../../renderer/src/keep-unsaved-edits';

const unload = (): boolean => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};

afterEach(() => {
  delete window.rportTray;
});

describe('keeping a window with unsaved edits', () => {
  it('in the desktop app, refuses to unload while there are unsaved edits (the app then hides it)', () => {
    window.rportTray = {} as RportTrayBridge;
    const hook = renderHook(({ unsaved }) => useKeepWindowWhileUnsaved(unsaved), { initialProps: { unsaved: false } });
    expect(unload()).toBe(false);
    hook.rerender({ unsaved: true });
    expect(unload()).toBe(true);
    hook.rerender({ unsaved: false });
    expect(unload()).toBe(false);
    hook.rerender({ unsaved: true });
    hook.unmount();
    expect(unload()).toBe(false);
  });

  it('in a browser (the headless web UI), leaves the tab alone', () => {
    const hook = renderHook(() => useKeepWindowWhileUnsaved(true));
    expect(unload()).toBe(false);
    hook.unmount();
  });
});
