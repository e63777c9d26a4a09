import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminFunctions } from '../../infra/manifest/functions-admin.ts';
import { platformFunctions } from '../../infra/manifest/functions-platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { scaledMs } from '../support/wait-for.ts';

// The admin functions behind the local runner: demo sign-in, the runner's JWT check and claims,
// `{proxy+}` routing, and the demo dictionary from the first start.

describe('admin API through the local runner', () => {
  let platform: LocalPlatform;
  const tokens: Record<string, string> = {};
  const call = async (user: string | null, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const envelope = (await response.json()) as { head: { retFlag: string }; body: Record<string, unknown> };
    return { status: response.status, retFlag: envelope.head.retFlag, body: envelope.body };
  };

  beforeAll(async () => {
    platform = await startLocalPlatform({
      manifest: { ...manifest, functions: { ...platformFunctions, ...adminFunctions } },
      port: 0,
      seed: seedDemo,
      onLog: () => undefined,
    });
    for (const user of ['admin', 'operator', 'viewer']) {
      const login = await fetch(`${platform.url}/api/local/login`, { method: 'POST', body: JSON.stringify({ username: user, password: user }), headers: { 'content-type': 'application/json' } });
      tokens[user] = String(((await login.json()) as { body: { token: string } }).body.token);
    }
  }, scaledMs(120_000));

  afterAll(async () => {
    await platform?.stop();
  });

  it('signs in each demo user with their role; no token is 401', async () => {
    expect((await call('operator', 'GET', '/api/admin/me')).body).toEqual({ username: 'operator', role: 'operator' });
    const anonymous = await call(null, 'GET', '/api/admin/me');
    expect(anonymous.status).toBe(401);
  });

  it('serves the demo dictionary tree and the demo configuration; roles apply', async () => {
    const tree = await call('viewer', 'GET', '/api/admin/config/dict?tree=1');
    expect((tree.body.items as { id: string }[]).map((n) => n.id)).toEqual(['ROOT']);
    const domains = await call('viewer', 'GET', '/api/admin/config/emailDomain?domain=example.com');
    expect((domains.body.items as { domain: string }[]).map((d) => d.domain)).toEqual(['example.com']);
    expect((await call('viewer', 'POST', '/api/admin/config/blacklist', { kind: 'MOBILE', value: '13900001111' })).retFlag).toBe('20005');
    expect((await call('operator', 'POST', '/api/admin/config/blacklist', { kind: 'MOBILE', value: '+86 139 0000 1111' })).retFlag).toBe('00000');
    const entry = await call('operator', 'GET', `/api/admin/config/blacklist/${encodeURIComponent('MOBILE#13900001111#*')}`);
    expect(entry.body.value).toBe('13900001111');
    // Least sight: a viewer sees the blacklisted mobile masked.
    const seen = await call('viewer', 'GET', `/api/admin/config/blacklist/${encodeURIComponent('MOBILE#13900001111#*')}`);
    expect(seen.body.value).toBe('139****1111');
    expect((await call('viewer', 'GET', '/api/admin/records/requests')).retFlag).toBe('00000');
  });
});
