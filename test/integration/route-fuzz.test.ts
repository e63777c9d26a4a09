import { ScanCommand } from '@aws-sdk/client-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest/index.ts';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { apiRoutes, fillPath, paramsOf, type ApiRoute } from '../support/api-routes.ts';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };

// Every route of the manifest (public and admin, each with a valid credential for its auth) against
// hostile paths, query strings, headers and bodies, through the local runner: each answer is the
// envelope, below 500 unless it is a dependency's documented 5xx, never a stack trace, and a refused
// request stores nothing.

let platform: LocalPlatform;
let adminToken: string;
const routes = apiRoutes(manifest);

beforeAll(async () => {
  platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, onLog: () => undefined });
  const login = await fetch(`${platform.url}/api/local/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'admin' }) });
  adminToken = ((await login.json()) as { body: { token: string } }).body.token;
}, 120_000);
afterAll(async () => {
  await platform?.stop();
});

/** Items in every table: what a refused request must not change. */
const storedItems = async (): Promise<number> => {
  let total = 0;
  // Not the counters: an institution's rate window counts every authenticated call, refused or not (by design).
  for (const name of Object.keys(manifest.tables).filter((table) => table !== 'counters')) {
    const scan = await platform.dynamo.client.send(new ScanCommand({ TableName: platform.resolved.table(name), Select: 'COUNT', ConsistentRead: true }));
    total += scan.Count ?? 0;
  }
  return total;
};

const credentials = (route: ApiRoute): Record<string, string> =>
  route.auth === 'apiKey' ? { 'x-api-key': DEMO_API_KEY } : route.auth === 'admin' ? { authorization: `Bearer ${adminToken}` } : {};

interface Attempt {
  route: ApiRoute;
  segments?: Record<string, string>;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** The documented 5xx envelopes: a dependency busy, a timeout, a provider down. Never 99999. */
const DEPENDENCY_5XX = new Set(['90002', '90003', '40004']);
/**
 * Refusals of the input itself (shape, size, credentials, no such route or item): nothing may be
 * stored. A business refusal may be (a captcha send refused for its cool-down is kept, so the same
 * reqId gets the same answer).
 */
const REFUSED_INPUT = /^(1\d{4}|2\d{4}|90001|90005|50001)$/;
/** Routes that answer a document rather than an envelope on success. */
const RAW_OK = new Set(['GET /api/openapi.json', 'GET /api/docs', 'GET /api/docs/{asset}']);

const attempt = async ({ route, segments = {}, query, headers = {}, body }: Attempt) => {
  const path = fillPath(route.path, Object.fromEntries(paramsOf(route.path).map((p) => [p, segments[p] ?? 'x'])));
  const url = `${platform.url}${path}${query === undefined ? '' : `?${query}`}`;
  const response = await fetch(url, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...credentials(route), ...headers },
    ...(route.method === 'GET' ? {} : { body: body ?? '{}' }),
  });
  const text = await response.text();
  const what = `${route.method} ${url.slice(platform.url.length, 300)} → ${response.status} ${text.slice(0, 200)}`;
  if (RAW_OK.has(`${route.method} ${route.path}`) && response.status === 200) return { status: 200, retFlag: '00000', retMsg: '', what };
  let envelope: { head?: { retFlag?: unknown; retMsg?: unknown } };
  try {
    envelope = JSON.parse(text) as typeof envelope;
  } catch {
    throw new Error(`not an envelope: ${what}`);
  }
  const retFlag = String(envelope.head?.retFlag);
  expect(retFlag, what).toMatch(/^\d{5}$/);
  expect(typeof envelope.head?.retMsg, what).toBe('string');
  expect(response.status < 500 || DEPENDENCY_5XX.has(retFlag), what).toBe(true);
  expect(text, what).not.toMatch(/\bat \S+ \(|node_modules|file:\/\/|\.ts:\d+/);
  return { status: response.status, retFlag, retMsg: String(envelope.head?.retMsg), what };
};

// Hostile values, each as it travels: path segments and query values URL-encoded by us (or broken
// on purpose), bodies as JSON text.
const enc = encodeURIComponent;
const HOSTILE_SEGMENTS = ['__proto__', 'constructor', 'hasOwnProperty', '%', '%E0%A4%A', '%ED%A0%80', enc('a\u0001b'), enc('a\u202Eb'), 'x'.repeat(300), '-1'];
const HOSTILE_QUERIES = [
  '__proto__=1', 'constructor=x', 'hasOwnProperty=1', 'limit=-1', 'from=2020-13-45', 'to=2021-02-30', 'date=2020-13-45', 'max=-1', 'version=-1',
  `cursor=${Buffer.from(JSON.stringify({ pk: { nested: 1 }, sk: 1 })).toString('base64url')}`, 'cursor=%', 'requestNo=%01', 'to=%E0%A4%A', 'tree=%ZZ',
  `channel=${enc('SMS\u202E')}`, `x=${'y'.repeat(3000)}`,
];
const HOSTILE_BODIES = [
  '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', 'null', '[]', '"text"', '{', '1e999', '{"a":"\\ud800"}',
  `${'['.repeat(10_000)}${']'.repeat(10_000)}`, '{"overlapHours":-1,"max":-1,"version":-1}',
];
const HOSTILE_HEADERS: Record<string, string>[] = [
  { 'x-filler': 'f'.repeat(20 * 1024) },
  { 'content-type': 'application/octet-stream', 'x-api-key': 'k'.repeat(4000) },
  { authorization: 'Bearer e30.forged', 'content-type': 'text/plain; charset=__proto__' },
];

describe('every route of the manifest', () => {
  it('is reached: public and admin, each documented admin route under its proxy', () => {
    const keys = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const expected of ['POST /api/hcmsg/sendMessage', 'GET /api/hcmsg/requests/{requestNo}', 'POST /api/hcmsg/captcha/verify', 'GET /api/admin/config/{entity}/{id}', 'POST /api/admin/actions/dlq/{queue}/replay', 'GET /api/admin/outbox', 'GET /api/health']) {
      expect(keys, expected).toContain(expected);
    }
  });

  it('answers every fixed hostile case with an envelope below 500, storing nothing', { timeout: 240_000 }, async () => {
    const before = await storedItems();
    // Every hostile value against the first route of each function and method (the parsers and the
    // middleware are the function's), and against every other route a rotating share of each kind,
    // so every route meets every kind of hostility and every value meets every function.
    const seen = new Set<string>();
    const cases: Attempt[] = routes.flatMap((route, i) => {
      const first = !seen.has(`${route.functionName} ${route.method}`);
      seen.add(`${route.functionName} ${route.method}`);
      const some = <T,>(values: T[], count: number): T[] => (first ? values : Array.from({ length: Math.min(count, values.length) }, (_, k) => values[(i * count + k) % values.length]!));
      return [
        ...some(HOSTILE_SEGMENTS, 2).flatMap((segment) => paramsOf(route.path).map((param) => ({ route, segments: { [param]: segment } }))),
        // Query strings reach the functions that read them: the GET listings (and DELETE's version).
        ...(route.method === 'GET' || route.method === 'DELETE' ? some(HOSTILE_QUERIES, 3).map((query) => ({ route, query })) : []),
        ...(route.method === 'GET' ? [] : some(HOSTILE_BODIES, 3).map((body) => ({ route, body }))),
        ...some(HOSTILE_HEADERS, 1).map((headers) => ({ route, headers })),
      ];
    });
    // Four at a time: the functions wait on DynamoDB Local more than they use the two cores.
    const queue = [...cases];
    await Promise.all(Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await attempt(next);
    }));
    expect(await storedItems()).toBe(before);
  });
});

// Field rules: each refusal is 400 10001 and its retMsg starts with the field's name.
const UNSAFE_IN_IDS = ['a\u0000b', 'a\u0007', '\u0085x', 'a\uD800', '\uDC00a', 'a\u200Bb', 'a\u202Eb', 'a\u2066b'];
const BAD_TIMES = ['2020-13-45 00:00:00', '2021-02-30 10:00:00', '2020-01-01 24:00:00', '2020-01-01 23:60:00', '2020-1-1 00:00:00'];
const byPath = (method: string, path: string) => routes.find((r) => r.method === method && r.path === path)!;
const withField = (base: Record<string, unknown>, field: string, value: unknown) => {
  const copy = structuredClone(base) as Record<string, unknown> & { userIds?: Record<string, unknown>[] };
  if (field.startsWith('userIds[0].')) copy.userIds![0]![field.slice('userIds[0].'.length)] = value;
  else copy[field] = value;
  return JSON.stringify(copy);
};
let unique = 0;
const sendBody = () => ({ ...seedSms, requestNo: `FUZZ${++unique}` });
const captchaSendBody = () => ({ reqId: `FUZZ${++unique}`, phoneNm: '13700000009', bizCode: 'LOGIN' });
const verifyBody = { captchaId: 'c-1', captcha: '123456', seqNo: 1, phoneNm: '13700000009', bizCode: 'LOGIN' };

const refusals: [string, string, () => Record<string, unknown>, string, unknown][] = [
  ...['requestNo', 'institution', 'bizType', 'bizId', 'subBizType', 'productCode', 'channelNo', 'requestIp', 'userIds[0].mobile', 'userIds[0].userId', 'userIds[0].deviceNo'].flatMap((field) =>
    UNSAFE_IN_IDS.map((value): [string, string, () => Record<string, unknown>, string, unknown] => ['POST', '/api/hcmsg/sendMessage', sendBody, field, value]),
  ),
  ...['msgTitle', 'msgContent', 'userIds[0].custName'].map((field): [string, string, () => Record<string, unknown>, string, unknown] => ['POST', '/api/hcmsg/sendMessage', sendBody, field, 'x\uD800']),
  ...BAD_TIMES.map((value): [string, string, () => Record<string, unknown>, string, unknown] => ['POST', '/api/hcmsg/sendMessage', sendBody, 'requestTime', value]),
  ...['reqId', 'custNo', 'channelNo', 'productId', 'userFlag'].flatMap((field) =>
    ['a\u0000', 'a\uD800', 'a\u202Eb'].map((value): [string, string, () => Record<string, unknown>, string, unknown] => ['POST', '/api/hcmsg/captcha/send', captchaSendBody, field, value]),
  ),
  ...[-1, 0, '-1', '0', 1.5, 1e20].map((value): [string, string, () => Record<string, unknown>, string, unknown] => ['POST', '/api/hcmsg/captcha/verify', () => verifyBody, 'seqNo', value]),
  ...['captchaId', 'captcha'].map((field): [string, string, () => Record<string, unknown>, string, unknown] => ['POST', '/api/hcmsg/captcha/verify', () => verifyBody, field, 'a\u0000']),
];

describe('field rules', () => {
  it('refuse control, zero-width and bidi characters and lone surrogates in ids, impossible times, seqNo below 1 — naming the field, storing nothing', async () => {
    const before = await storedItems();
    for (const [method, path, base, field, value] of refusals) {
      const answer = await attempt({ route: byPath(method, path), body: withField(base(), field, value) });
      expect([answer.status, answer.retFlag, answer.retMsg.split(':')[0]], `${field}=${JSON.stringify(value)}: ${answer.what}`).toEqual([400, '10001', field]);
    }
    expect(await storedItems()).toBe(before);
  });

  it.each([
    ['/api/admin/records/requests', 'from=2020-13-45', 'from'],
    ['/api/admin/records/audit', 'to=2021-02-30', 'to'],
    ['/api/admin/records/dashboard', 'date=2020-02-30', 'date'],
    ['/api/admin/records/requests', `requestNo=${enc('a\u202Eb')}`, 'requestNo'],
    ['/api/admin/outbox', `to=${enc('a\u0000')}`, 'to'],
    ['/api/admin/config/institution', `code=${enc('a\u200Bb')}`, 'code'],
  ])('GET %s?%s is refused naming %s', async (path, query, field) => {
    const answer = await attempt({ route: { method: 'GET', path, auth: 'admin', functionName: '' }, query });
    expect([answer.status, answer.retFlag, answer.retMsg.split(':')[0]], answer.what).toEqual([400, '10001', field]);
  });

  it('a requestNo with a control character in the status path is refused naming it', async () => {
    const answer = await attempt({ route: byPath('GET', '/api/hcmsg/requests/{requestNo}'), segments: { requestNo: enc('R\u0001') } });
    expect([answer.status, answer.retFlag, answer.retMsg.split(':')[0]], answer.what).toEqual([400, '10001', 'requestNo']);
  });
});

describe('random input (fast-check)', () => {
  const piece = fc.oneof(fc.constantFrom(...HOSTILE_SEGMENTS), fc.string({ maxLength: 40 }).map(enc), fc.stringMatching(/^[%A-Za-z0-9._~-]{0,12}$/));
  // Under a proxy, a free path of known and hostile words reaches the routes inside it.
  const word = fc.oneof(piece, fc.constantFrom('requests', 'send-records', 'OUTPLATFORM', 'institution', 'keys', 'dlq', 'smsGeneral', 'resend', 'dict', 'blacklist'));
  const segment = fc.oneof(piece, fc.array(word, { minLength: 1, maxLength: 4 }).map((words) => words.join('/')));
  const queryPair = fc.tuple(fc.oneof(fc.constantFrom('limit', 'cursor', 'from', 'to', 'date', 'tree', 'version', 'max', 'requestNo', 'channel', '__proto__'), fc.string({ maxLength: 8 })), fc.string({ maxLength: 30 }));
  const query = fc.oneof(
    fc.constantFrom(...HOSTILE_QUERIES),
    fc.array(queryPair, { maxLength: 4 }).map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&')),
    fc.stringMatching(/^[%=&A-Za-z0-9+-]{0,20}$/),
  );
  const body = fc.oneof(
    fc.constantFrom(...HOSTILE_BODIES),
    fc.json({ maxDepth: 3 }),
    fc.string({ maxLength: 200 }),
    // A valid body of every public route at once with one hostile value in each route's key field, so
    // it is refused wherever it lands (an accepted one would go on writing in the background).
    fc.constantFrom(...UNSAFE_IN_IDS, -1, null, {}).map((value) =>
      JSON.stringify({ ...sendBody(), ...captchaSendBody(), ...verifyBody, requestNo: value, reqId: value, captchaId: value }),
    ),
  );

  it('every answer is an envelope below 500 and a refusal stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.dictionary(fc.constantFrom('requestNo', 'entity', 'id', 'kind', 'code', 'keyHash', 'sendId', 'queue', 'anything', 'institution'), segment), fc.option(query, { nil: undefined }), body, async (route, segments, q, b) => {
        const before = await storedItems();
        const answer = await attempt({ route, segments, ...(q === undefined ? {} : { query: q }), body: b });
        if (REFUSED_INPUT.test(answer.retFlag)) expect(await storedItems(), answer.what).toBe(before);
      }),
      { numRuns: 120 },
    );
  });
});
