import { request as httpRequest, Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest/index.ts';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { rawExchange } from '../support/raw-http.ts';

// What a hostile or careless client sends to the local runner (issue #11 part 8): bodies over
// Lambda's limit, prototype names as route parameters, broken percent escapes, oversize headers.
// Each answer must be the envelope with a fitting status, and the connection must stay usable.

const MB = 1024 * 1024;
let platform: LocalPlatform;
let adminToken: string;

beforeAll(async () => {
  platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, onLog: () => undefined });
  const login = await fetch(`${platform.url}/api/local/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'admin' }) });
  adminToken = ((await login.json()) as { body: { token: string } }).body.token;
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

const envelopeOf = (text: string) => JSON.parse(text) as { head: { retFlag: string; retMsg: string } };
const call = async (path: string, init: RequestInit & { admin?: boolean; apiKey?: string } = {}) => {
  const headers = new Headers(init.headers);
  if (init.admin) headers.set('authorization', `Bearer ${adminToken}`);
  if (init.apiKey) headers.set('x-api-key', init.apiKey);
  const response = await fetch(`${platform.url}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, headers: response.headers, envelope: envelopeOf(text) };
};
const head = (method: string, path: string, headers: Record<string, string | number>) =>
  `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;

describe('a body over Lambda’s 6 MB limit', () => {
  const big = Buffer.alloc(7 * MB, 'a');

  it('is answered 413 with the envelope and a clean close, without a reset, on every /api path', async () => {
    for (const path of ['/api/hcmsg/sendMessage', '/api/admin/config/institution', '/api/nowhere']) {
      const exchange = await rawExchange(platform.port, [head('POST', path, { 'content-type': 'application/json', 'content-length': big.length, connection: 'keep-alive' }), big]);
      expect(exchange.responses.map((r) => r.status), path).toEqual([413]);
      expect(exchange.responses[0]!.headers.connection, path).toBe('close');
      expect(envelopeOf(exchange.responses[0]!.body).head.retFlag, path).toBe('10003');
      expect(exchange.closed, path).toBe('end');
    }
  });

  it('leaves a keep-alive client able to send its next request (on a new connection)', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, body?: Buffer) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(`${platform.url}${path}`, { method, agent, headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {} }, (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (c: string) => (text += c)).on('end', () => resolve({ status: res.statusCode!, text }));
        });
        req.on('error', reject);
        req.end(body);
      });
    try {
      const refused = await send('POST', '/api/hcmsg/sendMessage', big);
      expect(refused.status).toBe(413);
      expect(envelopeOf(refused.text).head.retFlag).toBe('10003');
      const next = await send('GET', '/api/health');
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('is refused by its Content-Length before a byte of it is sent (and no 100 Continue is given)', async () => {
    const plain = await rawExchange(platform.port, [head('POST', '/api/hcmsg/captcha/send', { 'content-type': 'application/json', 'content-length': 50 * MB })], { expectResponses: 1 });
    expect(plain.responses.map((r) => r.status)).toEqual([413]);
    const expecting = await rawExchange(
      platform.port,
      [head('POST', '/api/hcmsg/captcha/send', { 'content-type': 'application/json', 'content-length': 50 * MB, expect: '100-continue' })],
      { expectResponses: 1 },
    );
    expect(expecting.responses.map((r) => r.status)).toEqual([413]);
  });

  it('is refused while streaming when it comes chunked, without a Content-Length', async () => {
    const chunk = Buffer.alloc(MB, 'b');
    const framed = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]);
    const exchange = await rawExchange(platform.port, [
      head('POST', '/api/hcmsg/sendMessage', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }),
      ...Array.from({ length: 7 }, () => framed),
      '0\r\n\r\n',
    ]);
    expect(exchange.responses.map((r) => r.status)).toEqual([413]);
    expect(exchange.closed).toBe('end');
  });
});

describe('size is checked before credentials', () => {
  it('refuses an oversize body to an API-key route as 413, not 401, whatever the key', async () => {
    // Over sendMessage's 5.9 MB and captcha's 1 MB, under the runner's 6 MB: the handler's own limit.
    const send = await call('/api/hcmsg/sendMessage', { method: 'POST', body: 'x'.repeat(5_950_000), apiKey: 'not-a-key' });
    expect([send.status, send.envelope.head.retFlag]).toEqual([413, '10003']);
    const captcha = await call('/api/hcmsg/captcha/send', { method: 'POST', body: 'x'.repeat(2 * MB) });
    expect([captcha.status, captcha.envelope.head.retFlag]).toEqual([413, '10003']);
  });

  it('refuses a body over Lambda’s limit to an admin route as 413 before the (runner’s) authorizer runs', async () => {
    // Under 6 MB the JWT authorizer answers first, as API Gateway's does in AWS: it holds no body.
    const admin = await call('/api/admin/config/institution', { method: 'POST', body: 'x'.repeat(7 * MB) });
    expect([admin.status, admin.envelope.head.retFlag]).toEqual([413, '10003']);
  });
});

describe('prototype names as route parameters', () => {
  it.each(['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'])('GET /api/admin/config/%s is a 404 envelope', async (name) => {
    for (const path of [`/api/admin/config/${name}`, `/api/admin/config/${name}/x`]) {
      const answer = await call(path, { admin: true });
      expect([answer.status, answer.envelope.head.retFlag], path).toEqual([404, '90001']);
    }
    const create = await call(`/api/admin/config/${name}`, { admin: true, method: 'POST', body: '{}' });
    expect(create.status).toBe(404);
    const records = await call(`/api/admin/records/${name}`, { admin: true });
    expect(records.status).toBe(404);
  });

  it('does not sign in a user named after a prototype property', async () => {
    for (const username of ['__proto__', 'constructor', 'toString']) {
      const login = await call('/api/local/login', { method: 'POST', body: JSON.stringify({ username, password: '' }) });
      expect([login.status, login.envelope.head.retFlag], username).toEqual([401, '20004']);
    }
  });
});

describe('malformed percent escapes', () => {
  it.each([
    ['/api/hcmsg/requests/%E0%A4%A', 'apiKey'],
    ['/api/hcmsg/requests/%ZZ', 'apiKey'],
    ['/api/admin/config/blacklist/%', 'admin'],
    ['/api/admin/records/requests/OUTPLATFORM/%C3', 'admin'],
    ['/api/admin/records/requests?requestNo=%E0%A4%A', 'admin'],
    ['/api/admin/outbox?to=100%', 'admin'],
    ['/api/health?x=%G1', 'none'],
    ['/api/%ZZ', 'none'],
  ])('%s is a 400 envelope', async (path, auth) => {
    const answer = await call(path, { admin: auth === 'admin', ...(auth === 'apiKey' ? { apiKey: DEMO_API_KEY } : {}) });
    expect([answer.status, answer.envelope.head.retFlag]).toEqual([400, '10001']);
    expect(answer.envelope.head.retMsg).toMatch(/^(path|query)/);
  });

  it('in a path outside /api is a 400 too, not a 500', async () => {
    const answer = await fetch(`${platform.url}/assets/%E0%A4%A.js`);
    expect(answer.status).toBe(400);
  });
});

describe('oversize headers', () => {
  it('a 20 KB header is answered with the envelope (431), not Node’s bare response', async () => {
    const exchange = await rawExchange(platform.port, [head('GET', '/api/health', { 'x-filler': 'f'.repeat(20 * 1024) })], { expectResponses: 1 });
    expect(exchange.responses.map((r) => r.status)).toEqual([431]);
    expect(envelopeOf(exchange.responses[0]!.body).head.retFlag).toBe('10006');
  });

  it('a request line that is not HTTP gets the 400 envelope', async () => {
    const exchange = await rawExchange(platform.port, ['NOT HTTP AT ALL\r\n\r\n'], { expectResponses: 1 });
    expect(exchange.responses.map((r) => r.status)).toEqual([400]);
    expect(envelopeOf(exchange.responses[0]!.body).head.retFlag).toBe('10001');
  });
});
