// Remotes at their edges (issue 20): the whole Go Remote object, and brackets that nest.
import { describe, expect, it } from 'vitest';
import { parseRemote } from '../../../../main/config/rules/remotes';

describe('remotes edges', () => {
  it('every field of the Remote object sent in new_connection', () => {
    expect(parseRemote('1.2.3.4:3000:h.example:80/udp')).toEqual({
      ok: true,
      remote: {
        name: '',
        protocol: 'udp',
        lhost: '1.2.3.4',
        lport: '3000',
        lport_random: false,
        owner: '',
        rhost: 'h.example',
        rport: '80',
        scheme: null,
        acl: null,
        idle_timeout_minutes: 0,
        auto_close: 0,
        http_proxy: false,
        host_header: '',
        auth_user: '',
        auth_password: '',
        tunnel_url: '',
      },
    });
  });

  it('brackets nest: a colon inside any open bracket does not split', () => {
    expect(parseRemote('[[a:b]:c]:22')).toMatchObject({
      ok: true,
      remote: { rhost: '[a:b]:c', rport: '22', lhost: '' },
    });
  });
});
