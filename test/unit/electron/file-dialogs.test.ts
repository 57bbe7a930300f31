// Native dialogs for the app core with Electron's dialog faked: modal to the window when one is open, a
// cancel is null, the save dialog starts in Downloads with the file's name; and the window's own
// downloads are refused (the diagnostics zip is written by main).
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { BaseWindow } from 'electron';
import { createFileDialogs, type DialogApi } from '../../../main/electron/dialogs/file-dialogs';
import { refuseDownloads } from '../../../main/electron/security/download-guard';

function fakeDialog(open: { canceled: boolean; filePaths: string[] }, save: { canceled: boolean; filePath: string }) {
  return {
    showOpenDialog: vi.fn(async () => open),
    showSaveDialog: vi.fn(async () => save),
  };
}

describe('file dialogs', () => {
  it('asks for a config to import, modal to the window, and returns the path or null', async () => {
    const window = { id: 1 } as unknown as BaseWindow;
    const dialog = fakeDialog(
      { canceled: false, filePaths: ['/etc/rport/rport.conf'] },
      { canceled: true, filePath: '' },
    );
    let parent: BaseWindow | null = window;
    const dialogs = createFileDialogs({
      dialog: dialog as unknown as DialogApi,
      parent: () => parent,
      defaultSaveDir: () => '/home/me/Downloads',
    });
    expect(await dialogs.chooseConfigFile()).toBe('/etc/rport/rport.conf');
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ properties: expect.arrayContaining(['openFile']) }),
    );
    parent = null;
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await dialogs.chooseConfigFile()).toBeNull();
    expect(dialog.showOpenDialog).toHaveBeenLastCalledWith(expect.objectContaining({ title: 'Import an rport.conf' }));
  });

  it('asks where to save, starting in Downloads with the suggested name', async () => {
    const dialog = fakeDialog({ canceled: true, filePaths: [] }, { canceled: false, filePath: '/tmp/diag.zip' });
    const dialogs = createFileDialogs({
      dialog: dialog as unknown as DialogApi,
      parent: () => null,
      defaultSaveDir: () => '/home/me/Downloads',
    });
    expect(await dialogs.chooseSavePath('rport-tray-diagnostics-x.zip')).toBe('/tmp/diag.zip');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: path.join('/home/me/Downloads', 'rport-tray-diagnostics-x.zip') }),
    );
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    expect(await dialogs.chooseSavePath('x.zip')).toBeNull();
  });
});

describe('download guard', () => {
  it('cancels every download the window starts and says which', () => {
    const session = new EventEmitter();
    const refused: string[] = [];
    refuseDownloads(session as never, (name) => refused.push(name));
    const event = { preventDefault: vi.fn() };
    session.emit('will-download', event, { getFilename: () => 'diag.zip', getURL: () => 'blob:app://rport-tray/1' });
    expect(event.preventDefault).toHaveBeenCalled();
    expect(refused).toEqual(['diag.zip']);
  });
});
