import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTables, type TestTables } from '#test/tables';
import { captchaApi, type CaptchaApi } from '#test/fakes/captcha-handler-env';
import { captchaKeys } from '#adapters/dynamo/captcha-keys';
import { queryOutbox } from '#adapters/dynamo/outbox-query';

let tables: TestTables;
let api: CaptchaApi;

beforeAll(async () => {
  tables = await useTables();
  api = await captchaApi(tables);
});
afterAll(async () => {
  await api?.stop();
});

const sendCaptcha = (body: Record<string, unknown>) => api.send(body);
const verifyCaptcha = (body: Record<string, unknown>) => api.verify(body);

const outbox = async (captchaId: string) =>
  (await queryOutbox(tables.doc, tables.name('messages'), { limit: 1000 })).items.find((entry) => entry.id === captchaId);
const record = (captchaId: string) => api.record(captchaId);

describe('POST /api/hcmsg/captcha/send', () => {
  it('sends a code: the OUTBOX SMS carries it right after 验证码, the response matches the seed', async () => {
    const res = await sendCaptcha({ phoneNm: '+86 138 0000 0001', bizCode: 'LOGIN', custNo: 'C1' });
    expect(res.head.retFlag).toBe('00000');
    expect(res.body).toMatchObject({ caseSensitive: 'N', availTime: '300', seqNo: 1 });
    expect(res.body.captchaId).toMatch(/^[0-9a-f]{32}$/);
    const sms = await outbox(res.body.captchaId);
    expect(sms).toMatchObject({ channel: 'SMS', to: '13800000001' });
    expect(sms!.content).toBe(`验证码 ${res.body.checkCode}（序号 1），5 分钟内有效，请勿泄露。`);
    expect(await record(res.body.captchaId)).toMatchObject({ status: 'SUCCESS', phone: '13800000001', gsi2pk: 'CAPPHONE#13800000001' });
  });

  it('refuses an invalid phone naming phoneNm, without auth a 401', async () => {
    const bad = await sendCaptcha({ phoneNm: '12345', bizCode: 'LOGIN' });
    expect(bad.status).toBe(400);
    expect(bad.head.retFlag).toBe('10001');
    expect(bad.head.retMsg).toContain('phoneNm');
    const anonymous = await api.send({ reqId: 'X', phoneNm: '13800000001', bizCode: 'LOGIN' }, 'wrong');
    expect(anonymous.status).toBe(401);
  });

  it('refuses unknown and disabled scenes with 40001', async () => {
    for (const bizCode of ['NOPE', 'OFF']) {
      const res = await sendCaptcha({ phoneNm: '13800000002', bizCode });
      expect([res.status, res.head.retFlag]).toEqual([422, '40001']);
    }
  });

  it('refuses a resend inside the cool-down with 40003', async () => {
    expect((await sendCaptcha({ phoneNm: '13800000003', bizCode: 'LOGIN' })).head.retFlag).toBe('00000');
    const again = await sendCaptcha({ phoneNm: '13800000003', bizCode: 'LOGIN' });
    expect([again.status, again.head.retFlag]).toEqual([429, '40003']);
  });

  it('refuses past the daily limit with 40002', async () => {
    for (const seq of [1, 2]) expect((await sendCaptcha({ phoneNm: '13800000004', bizCode: 'LIMIT2' })).body.seqNo).toBe(seq);
    const third = await sendCaptcha({ phoneNm: '13800000004', bizCode: 'LIMIT2' });
    expect([third.status, third.head.retFlag]).toEqual([429, '40002']);
  });

  it('answers checkCode only for returnCode scenes', async () => {
    expect((await sendCaptcha({ phoneNm: '13800000005', bizCode: 'SECRET' })).body.checkCode).toBe('');
    expect((await sendCaptcha({ phoneNm: '13800000005', bizCode: 'SHOWN' })).body.checkCode).toMatch(/^[A-Za-z2-9]{6}$/);
  });

  it('stores no plaintext code anywhere in the captcha table', async () => {
    const res = await sendCaptcha({ phoneNm: '13800000006', bizCode: 'SHOWN' });
    const queued = await sendCaptcha({ phoneNm: '13800000006', bizCode: 'QUEUED' });
    const items = (await tables.doc.send(new ScanCommand({ TableName: tables.name('captcha') }))).Items ?? [];
    const dump = JSON.stringify(items);
    expect(dump).toContain(res.body.captchaId);
    expect(dump).not.toContain(res.body.checkCode);
    expect(dump).not.toContain(queued.body.checkCode);
  });

  it('the same reqId again gets the first answer; with another body a 409', async () => {
    const body = { reqId: `SAME-${Date.now()}`, phoneNm: '13800000007', bizCode: 'SHOWN' };
    const first = await sendCaptcha(body);
    const second = await sendCaptcha(body);
    expect(second).toEqual(first);
    const other = await sendCaptcha({ ...body, phoneNm: '13800000008' });
    expect([other.status, other.head.retFlag]).toEqual([409, '40005']);
  });

  it('a failed direct send answers 40004, marks FAILED and clears the pointer', async () => {
    const res = await sendCaptcha({ phoneNm: '13800000009', bizCode: 'BROKEN' });
    expect([res.status, res.head.retFlag]).toEqual([502, '40004']);
    const items = (await tables.doc.send(new ScanCommand({ TableName: tables.name('captcha') }))).Items ?? [];
    expect(items.find((i) => i.phone === '13800000009' && String(i.pk).startsWith('CAPTCHA#'))).toMatchObject({ status: 'FAILED' });
    expect(items.find((i) => i.pk === captchaKeys.latest({ institution: 'OUTPLATFORM', phone: '13800000009', bizCode: 'BROKEN' }))).toBeUndefined();
    // Nothing reached the phone, so the cool-down was given back.
    expect((await sendCaptcha({ phoneNm: '13800000009', bizCode: 'BROKEN' })).head.retFlag).toBe('40004');
  });

  it('50 concurrent sends for one phone and scene get 1..50, and only the newest code verifies', async () => {
    const phoneNm = '13800000010';
    const answers = await Promise.all(Array.from({ length: 50 }, () => sendCaptcha({ phoneNm, bizCode: 'LOAD' })));
    expect(answers.map((a) => a.head.retFlag)).toEqual(Array(50).fill('00000'));
    expect(answers.map((a) => a.body.seqNo).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const bySeq = new Map(answers.map((a) => [a.body.seqNo, a.body]));
    const check = (seq: number) => verifyCaptcha({ captchaId: bySeq.get(seq)!.captchaId, captcha: bySeq.get(seq)!.checkCode, seqNo: seq, phoneNm, bizCode: 'LOAD' });
    expect((await check(1)).body).toMatchObject({ status: 'UNPASS', errorCode: '40016' });
    expect((await check(49)).body).toMatchObject({ status: 'UNPASS', errorCode: '40016' });
    expect((await check(50)).body).toMatchObject({ status: 'PASS' });
  });
});
