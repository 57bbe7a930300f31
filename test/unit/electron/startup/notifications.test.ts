// The notifications step: a kind switched off in the preferences stays quiet, and a click opens the view
// the notice is about.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => ({}));

import { Preferences } from '../../../../main/config/preferences';
import { setupNotifications } from '../../../../main/electron/startup/notifications';

describe('setupNotifications', () => {
  it('shows a config problem unless switched off, and opens its view on click', () => {
    const shown: Array<EventEmitter & { options: { title: string } }> = [];
    class Notification extends EventEmitter {
      static isSupported = () => true;
      constructor(readonly options: { title: string }) {
        super();
      }
      show() {
        shown.push(this);
      }
    }
    const preferences = new Preferences({ store: {} });
    const show = vi.fn();
    const notifications = setupNotifications(
      Notification as never,
      { platform: 'linux', appIconPath: '/icon.png' },
      preferences,
      { windows: { show, isFocused: () => false } as never },
    );
    const issue = { message: 'bad', file: '/c/rport.conf', line: 3, errorCount: 1, at: 1 };
    notifications.onConfigIssue(issue);
    expect(shown.map((n) => n.options.title)).toEqual(['rport.conf has errors']);
    shown[0]!.emit('click');
    expect(show).toHaveBeenCalledWith('config');

    preferences.update({ notifications: { connection: true, remoteActivity: true, configProblems: false } });
    notifications.onConfigIssue({ ...issue, at: 2 });
    expect(shown).toHaveLength(1);
  });
});
