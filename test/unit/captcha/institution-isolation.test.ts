import { describe, expect, it } from 'vitest';
import { sendCaptcha, type SendCaptchaInput } from '#core/captcha/send-captcha';
import { verifyCaptcha } from '#core/captcha/verify-captcha';
import type { CaptchaScene } from '#contracts/config-protection';
import { captchaFixture, sceneOf } from '#test/fakes/captcha-deps';

// Institutions share phones (one customer, several systems), never codes: every counter, cool-down,
// pointer and reqId is the institution's own.

const PHONE = '13800138000';

const setup = (scene: Partial<CaptchaScene> = {}) => {
  const f = captchaFixture([sceneOf({ returnCode: true, ...scene })]);
  let n = 0;
  const send = (institution: string, overrides: Partial<SendCaptchaInput> = {}) =>
    sendCaptcha(f.deps, { reqId: `r${++n}`, phoneNm: PHONE, bizCode: 'LOGIN', institution, ...overrides });
  const verify = (institution: string, sent: { captchaId: string; seqNo: number; checkCode: string }, captcha = sent.checkCode) =>
    verifyCaptcha(f.deps, { captchaId: sent.captchaId, captcha, seqNo: sent.seqNo, phoneNm: PHONE, bizCode: 'LOGIN', institution });
  return { f, send, verify };
};

describe('captcha isolation between institutions', () => {
  it('B\'s send inside A\'s cool-down is not refused; each counts from seqNo 1 and keeps its own cool-down', async () => {
    const { send } = setup({ cooldownSeconds: 60 });
    expect((await send('A')).seqNo).toBe(1);
    expect((await send('B')).seqNo).toBe(1);
    await expect(send('A')).rejects.toMatchObject({ code: 'CAPTCHA_COOLDOWN' });
    await expect(send('B')).rejects.toMatchObject({ code: 'CAPTCHA_COOLDOWN' });
  });

  it('A\'s code still verifies after B sends to the same phone and scene', async () => {
    const { send, verify } = setup({ cooldownSeconds: 0 });
    const a = await send('A');
    const b = await send('B');
    expect(await verify('A', a)).toMatchObject({ status: 'PASS' });
    expect(await verify('B', b)).toMatchObject({ status: 'PASS' });
  });

  it('the daily limit is per institution', async () => {
    const { send } = setup({ cooldownSeconds: 0, dailyLimit: 2 });
    await send('A');
    await send('A');
    await expect(send('A')).rejects.toMatchObject({ code: 'CAPTCHA_DAILY_LIMIT' });
    expect((await send('B')).seqNo).toBe(1);
  });

  it('B can neither verify A\'s captchaId nor spend its attempts', async () => {
    const { f, send, verify } = setup({ cooldownSeconds: 0 });
    const a = await send('A');
    expect(await verify('B', a)).toMatchObject({ status: 'UNPASS', errorCode: '40016' });
    for (let i = 0; i < 6; i++) expect(await verify('B', a, 'XXXXXX')).toMatchObject({ errorCode: '40016' });
    expect([...f.store.records.values()].find((r) => r.captchaId === a.captchaId)).toMatchObject({ attempts: 0, status: 'SUCCESS' });
    expect(await verify('A', a)).toMatchObject({ status: 'PASS' });
  });

  it('the same reqId from two institutions is two sends, each answered as the first time when repeated', async () => {
    const { f, send } = setup({ cooldownSeconds: 0 });
    const a = await send('A', { reqId: 'SAME' });
    const b = await send('B', { reqId: 'SAME' });
    expect(b.captchaId).not.toBe(a.captchaId);
    expect(await send('A', { reqId: 'SAME' })).toEqual(a);
    expect(await send('B', { reqId: 'SAME' })).toEqual(b);
    expect(f.provider.sent).toHaveLength(2);
  });
});
