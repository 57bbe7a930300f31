// The Electron channels: one per request, none shared with the event channel.
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, REQUEST_NAMES, requestChannel } from '../../../../main/shared/contract';

describe('contract IPC channels', () => {
  it('gives every request its own channel, apart from the event channel', () => {
    const channels = new Set(REQUEST_NAMES.map(requestChannel));
    expect(channels.size).toBe(REQUEST_NAMES.length);
    expect(channels.has(EVENT_CHANNEL)).toBe(false);
    expect(requestChannel('pause')).toBe('rport-tray:request:pause');
  });
});
