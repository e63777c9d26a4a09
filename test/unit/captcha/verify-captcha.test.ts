import { describe, expect, it } from 'vitest';
import { sendCaptcha, type SendCaptchaInput } from '#core/captcha/send-captcha';
import { verifyCaptcha } from '#core/captcha/verify-captcha';
import type { CaptchaScene } from '#contracts/config-protection';
import { captchaFixture, sceneOf } from '#test/fakes/captcha-deps';

const PHONE = '13800138000';

const issued = async (scene: Partial<CaptchaScene> = {}) => {
  const f = captchaFixture([sceneOf({ returnCode: true, cooldownSeconds: 0, ...scene })]);
  const send = (overrides: Partial<SendCaptchaInput> = {}) =>
    sendCaptcha(f.deps, { reqId: `r${Math.random()}`.slice(0, 20), phoneNm: PHONE, bizCode: 'LOGIN', institution: 'OUTPLATFORM', ...overrides });
  const first = await send();
  const verify = (captcha: string, overrides: Partial<{ captchaId: string; seqNo: number; phoneNm: string; institution: string }> = {}) =>
    verifyCaptcha(f.deps, { captchaId: first.captchaId, captcha, seqNo: first.seqNo, phoneNm: PHONE, bizCode: 'LOGIN', institution: 'OUTPLATFORM', ...overrides });
  return { f, first, send, verify };
};

const flipCase = (code: string) => [...code].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');

describe('verifyCaptcha', () => {
  it('passes the right code once; the same code again is already used', async () => {
    const { f, first, verify } = await issued();
    expect(await verify(first.checkCode)).toEqual({ status: 'PASS', captchaId: first.captchaId, errorCode: '00000', errorMsg: '验证通过' });
    expect(f.store.recordOf(first.captchaId)!.status).toBe('VERIFIED');
    expect(await verify(first.checkCode)).toMatchObject({ status: 'UNPASS', errorCode: '40014' });
  });

  it('refuses a sequence mismatch without counting an attempt', async () => {
    const { f, first, verify } = await issued();
    expect(await verify(first.checkCode, { seqNo: 2 })).toMatchObject({ status: 'UNPASS', errorCode: '40011' });
    expect(f.store.recordOf(first.captchaId)!.attempts).toBe(0);
  });

  it('refuses a wrong code', async () => {
    const { first, verify } = await issued();
    const wrong = first.checkCode === '000000' ? '111111' : '000000';
    expect(await verify(wrong)).toMatchObject({ status: 'UNPASS', errorCode: '40012', errorMsg: '验证码错误，请重新输入' });
  });

  it('case-insensitive scenes accept either case', async () => {
    const { first, verify } = await issued({ codeFormat: 'LETTERS', caseSensitive: false });
    expect(await verify(flipCase(first.checkCode))).toMatchObject({ status: 'PASS' });
  });

  it('case-sensitive scenes refuse the other case and accept the exact one', async () => {
    const { first, verify } = await issued({ codeFormat: 'LETTERS', caseSensitive: true });
    expect(await verify(flipCase(first.checkCode))).toMatchObject({ status: 'UNPASS', errorCode: '40012' });
    expect(await verify(first.checkCode)).toMatchObject({ status: 'PASS' });
  });

  it('an expired code is refused and its record marked EXPIRED (clock, not TTL)', async () => {
    const { f, first, verify } = await issued({ validitySeconds: 300 });
    f.advance(300);
    expect(await verify(first.checkCode)).toMatchObject({ status: 'UNPASS', errorCode: '40013' });
    expect(f.store.recordOf(first.captchaId)!.status).toBe('EXPIRED');
    expect(await verify(first.checkCode)).toMatchObject({ errorCode: '40013' });
  });

  it('five wrong attempts end the code: the sixth, correct, is refused', async () => {
    const { f, first, verify } = await issued();
    const wrong = first.checkCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect(await verify(wrong)).toMatchObject({ errorCode: '40012' });
    expect(await verify(first.checkCode)).toMatchObject({ status: 'UNPASS', errorCode: '40015' });
    expect(f.store.recordOf(first.captchaId)).toMatchObject({ status: 'LOCKED', attempts: 5 });
  });

  it('an unknown phone, an unknown captchaId and a superseded code all answer the same UNPASS', async () => {
    const { first, send, verify } = await issued();
    const unknownPhone = await verify(first.checkCode, { phoneNm: '13900139000' });
    const unknownId = await verify(first.checkCode, { captchaId: 'nope' });
    const otherInstitution = await verify(first.checkCode, { institution: 'OTHER' });
    await send();
    const superseded = await verify(first.checkCode);
    for (const answer of [unknownPhone, unknownId, otherInstitution, superseded]) {
      expect({ status: answer.status, errorCode: answer.errorCode, errorMsg: answer.errorMsg }).toEqual({
        status: 'UNPASS',
        errorCode: '40016',
        errorMsg: '验证码不存在或已失效，请重新发送验证码',
      });
    }
  });

  it('only the newest code verifies', async () => {
    const { send, verify } = await issued();
    const second = await send();
    expect(await verify(second.checkCode, { captchaId: second.captchaId, seqNo: second.seqNo })).toMatchObject({ status: 'PASS' });
  });

  it('two correct verifies at once: exactly one PASS', async () => {
    const { first, verify } = await issued();
    const answers = await Promise.all([verify(first.checkCode), verify(first.checkCode)]);
    expect(answers.map((a) => a.status).sort()).toEqual(['PASS', 'UNPASS']);
  });
});
