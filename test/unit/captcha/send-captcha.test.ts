import { describe, expect, it } from 'vitest';
import { ProviderError } from '#core/providers';
import { sendCaptcha, type SendCaptchaInput } from '#core/captcha/send-captcha';
import { ALPHABETS } from '#core/captcha/code';
import { captchaFixture, sceneOf } from '#test/fakes/captcha-deps';

const input = (overrides: Partial<SendCaptchaInput> = {}): SendCaptchaInput => ({
  reqId: `r-${Math.random().toString(36).slice(2, 12)}`,
  phoneNm: '13800138000',
  bizCode: 'LOGIN',
  institution: 'OUTPLATFORM',
  ...overrides,
});

/** The code as the SMS carries it: right after the word 验证码. */
const codeIn = (content: string): string => /验证码 (\S+?)（/.exec(content)![1]!;

describe('sendCaptcha', () => {
  it('refuses an unknown scene and a disabled one as SCENE_UNSUPPORTED', async () => {
    const f = captchaFixture([sceneOf(), sceneOf({ bizCode: 'OFF', enabled: false })]);
    await expect(sendCaptcha(f.deps, input({ bizCode: 'NOPE' }))).rejects.toMatchObject({ code: 'SCENE_UNSUPPORTED', field: 'bizCode' });
    await expect(sendCaptcha(f.deps, input({ bizCode: 'OFF' }))).rejects.toMatchObject({ code: 'SCENE_UNSUPPORTED' });
    expect(f.provider.sent).toHaveLength(0);
    expect(f.store.applies.size).toBe(0);
  });

  it('sends a DIRECT code: the SMS text has the code right after 验证码, the sequence number and the validity', async () => {
    const f = captchaFixture();
    const result = await sendCaptcha(f.deps, input());
    expect(result).toEqual({ caseSensitive: 'N', availTime: '300', captchaId: 'cap0001', checkCode: '', seqNo: 1 });
    const [sms] = f.provider.sent;
    expect(sms).toMatchObject({ id: 'cap0001', channel: 'SMS', to: '13800138000' });
    expect(sms!.content).toMatch(/^验证码 \d{6}（序号 1），登录，5 分钟内有效，请勿泄露。$/);
    expect(f.store.recordOf('cap0001')!.status).toBe('SUCCESS');
    expect(f.store.pointers.get('OUTPLATFORM#13800138000#LOGIN')).toMatchObject({ captchaId: 'cap0001', seqNo: 1 });
  });

  it('stores the code only as a keyed hash: no field of the record or apply holds it', async () => {
    const f = captchaFixture([sceneOf({ returnCode: true, codeFormat: 'MIXED', caseSensitive: true })]);
    const result = await sendCaptcha(f.deps, input());
    expect(result.checkCode).toHaveLength(6);
    const stored = JSON.stringify([...f.store.records.values(), ...f.store.applies.values(), ...f.store.pointers.values()]);
    expect(stored).not.toContain(result.checkCode);
    expect(f.store.recordOf(result.captchaId)!.codeHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers checkCode only for scenes configured with returnCode', async () => {
    const hidden = captchaFixture();
    expect((await sendCaptcha(hidden.deps, input())).checkCode).toBe('');
    const shown = captchaFixture([sceneOf({ returnCode: true })]);
    const result = await sendCaptcha(shown.deps, input());
    expect(result.checkCode).toBe(codeIn(shown.provider.sent[0]!.content));
  });

  it.each([
    ['DIGITS', 6],
    ['LETTERS', 8],
    ['MIXED', 7],
  ] as const)('generates %s codes of length %i from the unambiguous alphabet', async (codeFormat, codeLength) => {
    const f = captchaFixture([sceneOf({ codeFormat, codeLength, cooldownSeconds: 0, dailyLimit: 1000 })]);
    f.deps.randomInt = (max) => Math.floor(Math.random() * max);
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const code = codeIn((await sendCaptcha(f.deps, input()), f.provider.sent.at(-1)!.content));
      expect(code).toHaveLength(codeLength);
      for (const ch of code) seen.add(ch);
      for (const ch of code) expect(ALPHABETS[codeFormat]).toContain(ch);
    }
    if (codeFormat !== 'DIGITS') for (const ambiguous of '0O1lI') expect(seen.has(ambiguous)).toBe(false);
  });

  it('uses a requested captchaType stronger than the scene format', async () => {
    const f = captchaFixture();
    await sendCaptcha(f.deps, input({ captchaType: 'LETTERS' }));
    expect(codeIn(f.provider.sent[0]!.content)).toMatch(/^[A-Za-z]{6}$/);
  });

  it.each([
    ['MIXED', 'DIGITS', 'MIXED'],
    ['MIXED', 'LETTERS', 'MIXED'],
    ['LETTERS', 'DIGITS', 'LETTERS'],
    ['DIGITS', 'MIXED', 'MIXED'],
  ] as const)('a %s scene asked for %s issues a %s code: captchaType never weakens the scene', async (codeFormat, captchaType, expected) => {
    const f = captchaFixture([sceneOf({ codeFormat })]);
    // Always the alphabet's last character: '9' for DIGITS, 'z' for LETTERS, '9' for MIXED.
    f.deps.randomInt = (max) => max - 1;
    const sent = await sendCaptcha(f.deps, input({ captchaType }));
    expect(f.store.recordOf(sent.captchaId)!.format).toBe(expected);
    expect(codeIn(f.provider.sent[0]!.content)).toBe(ALPHABETS[expected].at(-1)!.repeat(6));
  });

  it('a MIXED scene asked for DIGITS does not send digits', async () => {
    const f = captchaFixture([sceneOf({ codeFormat: 'MIXED' })]);
    f.deps.randomInt = () => 0;
    await sendCaptcha(f.deps, input({ captchaType: 'DIGITS' }));
    expect(codeIn(f.provider.sent[0]!.content)).toBe('AAAAAA');
  });

  it.each([4, 5])('a scene stored with codeLength %i (before the floor of 6) issues 6-character codes', async (codeLength) => {
    const f = captchaFixture([sceneOf({ codeLength })]);
    await sendCaptcha(f.deps, input());
    expect(codeIn(f.provider.sent[0]!.content)).toMatch(/^\d{6}$/);
  });

  it('refuses a resend inside the cool-down, and allows it after', async () => {
    const f = captchaFixture([sceneOf({ cooldownSeconds: 60 })]);
    await sendCaptcha(f.deps, input());
    f.advance(59);
    await expect(sendCaptcha(f.deps, input())).rejects.toMatchObject({ code: 'CAPTCHA_COOLDOWN' });
    f.advance(1);
    expect((await sendCaptcha(f.deps, input())).seqNo).toBe(2);
  });

  it('numbers sends per phone, scene and Shanghai day, and refuses past the daily limit', async () => {
    const f = captchaFixture([sceneOf({ dailyLimit: 3, cooldownSeconds: 0 })]);
    const seqs = [];
    for (let i = 0; i < 3; i++) seqs.push((await sendCaptcha(f.deps, input())).seqNo);
    expect(seqs).toEqual([1, 2, 3]);
    await expect(sendCaptcha(f.deps, input())).rejects.toMatchObject({ code: 'CAPTCHA_DAILY_LIMIT' });
    expect((await sendCaptcha(f.deps, input({ phoneNm: '13900139000' }))).seqNo).toBe(1);
    // 2024-05-01T16:00Z is midnight in Shanghai: a new day starts again at 1.
    f.clock.now = new Date('2024-05-01T16:00:00.000Z');
    expect((await sendCaptcha(f.deps, input())).seqNo).toBe(1);
  });

  it('answers a repeated reqId as the first time, and refuses it with another body', async () => {
    const f = captchaFixture([sceneOf({ returnCode: true })]);
    const first = await sendCaptcha(f.deps, input({ reqId: 'R1' }));
    expect(await sendCaptcha(f.deps, input({ reqId: 'R1' }))).toEqual(first);
    expect(f.provider.sent).toHaveLength(1);
    await expect(sendCaptcha(f.deps, input({ reqId: 'R1', phoneNm: '13900139000' }))).rejects.toMatchObject({ code: 'CAPTCHA_REQUEST_CONFLICT' });
  });

  it('repeats a refusal for a repeated reqId', async () => {
    const f = captchaFixture();
    await sendCaptcha(f.deps, input());
    await expect(sendCaptcha(f.deps, input({ reqId: 'R2' }))).rejects.toMatchObject({ code: 'CAPTCHA_COOLDOWN' });
    f.advance(600);
    await expect(sendCaptcha(f.deps, input({ reqId: 'R2' }))).rejects.toMatchObject({ code: 'CAPTCHA_COOLDOWN' });
  });

  it('a failed DIRECT send marks the record FAILED, clears the pointer, gives back the cool-down and answers 40004', async () => {
    const f = captchaFixture();
    f.provider.failWith = new ProviderError('gateway down', true);
    await expect(sendCaptcha(f.deps, input())).rejects.toMatchObject({ code: 'CAPTCHA_DELIVERY_FAILED' });
    expect(f.store.recordOf('cap0001')).toMatchObject({ status: 'FAILED', error: 'gateway down' });
    expect(f.store.pointers.size).toBe(0);
    f.provider.failWith = undefined;
    expect((await sendCaptcha(f.deps, input())).seqNo).toBe(2);
  });

  it('QUEUE scenes enqueue {kind:captcha} to the SMS green lane and keep the text sealed', async () => {
    const f = captchaFixture([sceneOf({ delivery: 'QUEUE', returnCode: true })]);
    const result = await sendCaptcha(f.deps, input());
    expect(f.queue.messages).toEqual([{ url: 'queue://sms-green', message: { kind: 'captcha', institution: 'OUTPLATFORM', captchaId: result.captchaId } }]);
    expect(f.provider.sent).toHaveLength(0);
    const record = f.store.recordOf(result.captchaId)!;
    expect(record.status).toBe('INIT');
    expect(record.sealedContent).toBeDefined();
    expect(JSON.stringify(record)).not.toContain(result.checkCode);
  });

  it('a QUEUE scene whose queue refuses the message answers 40004 and clears the pointer', async () => {
    const f = captchaFixture([sceneOf({ delivery: 'QUEUE' })]);
    f.queue.fail = true;
    await expect(sendCaptcha(f.deps, input())).rejects.toMatchObject({ code: 'CAPTCHA_DELIVERY_FAILED' });
    expect(f.store.recordOf('cap0001')!.status).toBe('FAILED');
    expect(f.store.pointers.size).toBe(0);
  });
});
