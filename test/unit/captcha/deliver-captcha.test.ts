import { describe, expect, it } from 'vitest';
import { ProviderError } from '#core/providers';
import { deliverCaptcha } from '#core/captcha/deliver-captcha';
import { sendCaptcha } from '#core/captcha/send-captcha';
import { verifyCaptcha } from '#core/captcha/verify-captcha';
import { captchaFixture, sceneOf } from '#test/fakes/captcha-deps';

const queued = async () => {
  const f = captchaFixture([sceneOf({ delivery: 'QUEUE', returnCode: true, cooldownSeconds: 0 })]);
  const sent = await sendCaptcha(f.deps, { reqId: 'Q1', phoneNm: '13800138000', bizCode: 'LOGIN', institution: 'OUTPLATFORM' });
  return { f, sent };
};

/** What the queue message carries. */
const ref = (sent: { captchaId: string }) => ({ institution: 'OUTPLATFORM', captchaId: sent.captchaId });

describe('deliverCaptcha (the SMS consumer branch)', () => {
  it('sends once, marks SUCCESS and drops the sealed text; a redelivery is a no-op', async () => {
    const { f, sent } = await queued();
    expect(await deliverCaptcha(f.deps, ref(sent))).toBe('SENT');
    expect(await deliverCaptcha(f.deps, ref(sent))).toBe('SKIPPED');
    expect(f.provider.sent).toHaveLength(1);
    expect(f.provider.sent[0]!.content).toContain(`验证码 ${sent.checkCode}`);
    const record = f.store.recordOf(sent.captchaId)!;
    expect(record.status).toBe('SUCCESS');
    expect(record.sealedContent).toBeUndefined();
    const verify = await verifyCaptcha(f.deps, { captchaId: sent.captchaId, captcha: sent.checkCode, seqNo: 1, phoneNm: '13800138000', bizCode: 'LOGIN', institution: 'OUTPLATFORM' });
    expect(verify.status).toBe('PASS');
  });

  it('throws on a retryable provider error so SQS redelivers, leaving the record INIT', async () => {
    const { f, sent } = await queued();
    f.provider.failWith = new ProviderError('throttled', true);
    await expect(deliverCaptcha(f.deps, ref(sent))).rejects.toThrow('throttled');
    expect(f.store.recordOf(sent.captchaId)!.status).toBe('INIT');
  });

  it('a permanent provider error marks FAILED and clears the pointer', async () => {
    const { f, sent } = await queued();
    f.provider.failWith = new ProviderError('invalid number', false);
    expect(await deliverCaptcha(f.deps, ref(sent))).toBe('FAILED');
    expect(f.store.recordOf(sent.captchaId)!.status).toBe('FAILED');
    expect(f.store.pointers.size).toBe(0);
  });

  it('does not send a code that expired while queued', async () => {
    const { f, sent } = await queued();
    f.advance(301);
    expect(await deliverCaptcha(f.deps, ref(sent))).toBe('EXPIRED');
    expect(f.provider.sent).toHaveLength(0);
    expect(f.store.recordOf(sent.captchaId)!.status).toBe('EXPIRED');
  });

  it('ignores an unknown captchaId, and a known one named with another institution', async () => {
    const { f, sent } = await queued();
    expect(await deliverCaptcha(f.deps, { institution: 'OUTPLATFORM', captchaId: 'unknown' })).toBe('SKIPPED');
    expect(await deliverCaptcha(f.deps, { institution: 'OTHER', captchaId: sent.captchaId })).toBe('SKIPPED');
    expect(f.provider.sent).toHaveLength(0);
  });
});
