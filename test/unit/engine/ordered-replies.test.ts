import { describe, expect, it } from 'vitest';
import { OrderedReplies } from '../../../main/engine/ordered-replies';

describe('ordered replies (§5.1)', () => {
  it('sends replies in request order whatever order handlers finish in, exactly once', () => {
    const sent: string[] = [];
    const replies = new OrderedReplies((ok, payload) => sent.push(`${ok}:${payload?.toString() ?? ''}`));
    const a = replies.reserve('check_port');
    const b = replies.reserve('ping');
    const c = replies.reserve('x');
    replies.complete(b, true, null);
    expect(sent).toEqual([]);
    replies.complete(c, false, Buffer.from('unknown request'));
    replies.complete(a, true, Buffer.from('{}'));
    replies.complete(a, true, Buffer.from('again'));
    expect(sent).toEqual(['true:{}', 'true:', 'false:unknown request']);
    expect(replies.outstanding).toBe(0);
  });
});
