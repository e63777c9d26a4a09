import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { publicApi, type PublicApi } from '../support/fakes/public-api-env.ts';
import { importFunction } from '../support/function-env.ts';
import { useTables } from '../support/tables.ts';

// Revocation through the deployed path: the real function entries with their module-scope caches
// warm, the admin centre's handler changing keys and institutions in between.

let api: PublicApi;
let admin: AdminHandler;
/** Keys issued before the functions warm up, so they sit in whatever a function caches. */
let early: Record<'revoked' | 'ofDisabled' | 'rotated' | 'noOverlap', { key: string; keyHash: string }>;
const keys = '/api/admin/config/institution/OUTPLATFORM/keys';
const refused = { status: 401, retFlag: '20002' };
let n = 0;
const requestNo = () => `REVOKE-${++n}`;

const issue = async () => {
  const issued = await callAdmin(admin, 'POST', keys);
  expect(issued.retFlag).toBe('00000');
  return { key: String(issued.body.key), keyHash: String(issued.body.keyHash) };
};

const setInstitutionEnabled = async (enabled: boolean) => {
  const current = await callAdmin(admin, 'GET', '/api/admin/config/institution/OUTPLATFORM');
  const { code, name, version } = current.body;
  const put = await callAdmin(admin, 'PUT', '/api/admin/config/institution/OUTPLATFORM', { body: { code, name, enabled, version } });
  expect(put.retFlag).toBe('00000');
};

/** One call of every public function with the key; each answers its own way when the key is good. */
const everyFunction = async (key: string) => {
  const sent = await api.sendMessage(key, requestNo());
  const status = await api.status(key, String(sent.body.requestNo ?? 'NONE'));
  const captcha = await api.captchaSend(key, '13800000001');
  const c = captcha.body as { captchaId?: string; checkCode?: string; seqNo?: number };
  const verified = await api.captchaVerify(key, { captchaId: c.captchaId ?? 'x', captcha: c.checkCode ?? 'x', seqNo: c.seqNo ?? 1, phoneNm: '13800000001' });
  return { sendMessage: sent.retFlag, status: status.retFlag, captchaSend: captcha.retFlag, captchaVerify: verified.retFlag };
};
const allOk = { sendMessage: '00000', status: '00000', captchaSend: '00000', captchaVerify: '00000' };

beforeAll(async () => {
  api = await publicApi(await useTables());
  admin = await importFunction<AdminHandler>('adminConfig', api.resolved);
  early = { revoked: await issue(), ofDisabled: await issue(), rotated: await issue(), noOverlap: await issue() };
  // Every function has served a request, so whatever it caches per container is warm.
  expect(await everyFunction(DEMO_API_KEY)).toEqual(allOk);
});
afterAll(async () => {
  await api?.stop();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('API keys take effect at once in every public function', () => {
  it('a newly issued key is accepted at once by sendMessage, captcha send, captcha verify and the status query', async () => {
    const { key } = await issue();
    expect(await everyFunction(key)).toEqual(allOk);
  });

  it('a revoked key is refused by the very next request (401 20002), in every function', async () => {
    const { key, keyHash } = early.revoked;
    expect((await api.sendMessage(key, requestNo())).retFlag).toBe('00000');
    expect((await callAdmin(admin, 'POST', `${keys}/${keyHash}/revoke`)).retFlag).toBe('00000');
    expect(await api.sendMessage(key, requestNo())).toMatchObject(refused);
    expect(await api.status(key, 'REVOKE-1')).toMatchObject(refused);
    expect(await api.captchaSend(key, '13800000002')).toMatchObject(refused);
    expect(await api.captchaVerify(key, { captchaId: 'x', captcha: 'x', seqNo: 1, phoneNm: '13800000002' })).toMatchObject(refused);
    expect((await api.sendMessage(DEMO_API_KEY, requestNo())).retFlag).toBe('00000');
  });

  it('a disabled institution is refused at once, and accepted again at once when re-enabled', async () => {
    const { key } = early.ofDisabled;
    expect((await api.sendMessage(key, requestNo())).retFlag).toBe('00000');
    await setInstitutionEnabled(false);
    try {
      expect(await api.sendMessage(key, requestNo())).toMatchObject(refused);
      expect(await api.sendMessage(DEMO_API_KEY, requestNo())).toMatchObject(refused);
      expect(await api.captchaSend(DEMO_API_KEY, '13800000003')).toMatchObject(refused);
      expect(await api.status(DEMO_API_KEY, 'REVOKE-1')).toMatchObject(refused);
    } finally {
      await setInstitutionEnabled(true);
    }
    expect((await api.sendMessage(key, requestNo())).retFlag).toBe('00000');
  });

  it('rotation: the new key at once; the old one until the overlap ends and refused right after', async () => {
    const old = early.rotated;
    expect((await api.sendMessage(old.key, requestNo())).retFlag).toBe('00000');
    const rotated = await callAdmin(admin, 'POST', `${keys}/${old.keyHash}/rotate`, { body: { overlapHours: 1 } });
    const newKey = String(rotated.body.key);
    const until = Date.parse((rotated.body.previous as { expiresAt: string }).expiresAt);
    expect((await api.sendMessage(newKey, requestNo())).retFlag).toBe('00000');
    expect((await api.sendMessage(old.key, requestNo())).retFlag).toBe('00000');
    // Only Date is faked: the SDK's sockets and timers run as usual.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(until - 1_000);
    expect((await api.sendMessage(old.key, requestNo())).retFlag).toBe('00000');
    vi.setSystemTime(until + 1);
    expect(await api.sendMessage(old.key, requestNo())).toMatchObject(refused);
    expect((await api.sendMessage(newKey, requestNo())).retFlag).toBe('00000');
  });

  it('a key rotated with no overlap stops at once', async () => {
    const old = early.noOverlap;
    expect((await api.sendMessage(old.key, requestNo())).retFlag).toBe('00000');
    const rotated = await callAdmin(admin, 'POST', `${keys}/${old.keyHash}/rotate`, { body: { overlapHours: 0 } });
    expect(await api.sendMessage(old.key, requestNo())).toMatchObject(refused);
    expect((await api.sendMessage(String(rotated.body.key), requestNo())).retFlag).toBe('00000');
  });
});
