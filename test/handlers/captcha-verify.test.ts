import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptchaSendResult } from '#contracts/captcha';
import { useTables, type TestTables } from '#test/tables';
import { INSTITUTION, captchaApi, type CaptchaApi } from '#test/fakes/captcha-handler-env';
import { captchaKeys } from '#adapters/dynamo/captcha-keys';

let tables: TestTables;
let api: CaptchaApi;

beforeAll(async () => {
  tables = await useTables();
  api = await captchaApi(tables);
});
afterAll(async () => {
  await api?.stop();
});

const issue = async (phoneNm: string, bizCode = 'SHOWN') => {
  const res = await api.send({ phoneNm, bizCode });
  expect(res.head.retFlag).toBe('00000');
  return res.body;
};
const check = (body: Record<string, unknown>) => api.verify(body);
const attempt = (sent: CaptchaSendResult, phoneNm: string, captcha: string, bizCode = 'SHOWN', seqNo: number | string = sent.seqNo) =>
  check({ captchaId: sent.captchaId, captcha, seqNo, phoneNm, bizCode });
const wrongFor = (code: string) => (code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA');
const flipCase = (code: string) => [...code].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
const statusOf = async (captchaId: string) => (await api.record(captchaId))!.status as string;

describe('POST /api/hcmsg/captcha/verify', () => {
  it('passes once in a 00000 envelope (seqNo as the seed\'s string), then answers already used', async () => {
    const sent = await issue('13900000001');
    const pass = await attempt(sent, '+86 139 0000 0001', sent.checkCode, 'SHOWN', String(sent.seqNo));
    expect(pass).toMatchObject({ status: 200, head: { retFlag: '00000' }, body: { status: 'PASS', captchaId: sent.captchaId, errorCode: '00000' } });
    expect(await statusOf(sent.captchaId)).toBe('VERIFIED');
    expect((await attempt(sent, '13900000001', sent.checkCode)).body).toMatchObject({ status: 'UNPASS', errorCode: '40014' });
  });

  it('sequence mismatch and wrong code are UNPASS with their own codes', async () => {
    const sent = await issue('13900000002');
    expect((await attempt(sent, '13900000002', sent.checkCode, 'SHOWN', sent.seqNo + 1)).body).toMatchObject({ status: 'UNPASS', errorCode: '40011' });
    expect((await attempt(sent, '13900000002', wrongFor(sent.checkCode))).body).toMatchObject({ status: 'UNPASS', errorCode: '40012' });
  });

  it('respects case sensitivity both ways', async () => {
    const sensitive = await issue('13900000003', 'SHOWN');
    expect((await attempt(sensitive, '13900000003', flipCase(sensitive.checkCode))).body.errorCode).toBe('40012');
    expect((await attempt(sensitive, '13900000003', sensitive.checkCode)).body.status).toBe('PASS');
    const insensitive = await issue('13900000003', 'LOGIN');
    expect(insensitive.caseSensitive).toBe('N');
    expect((await attempt(insensitive, '13900000003', insensitive.checkCode.toLowerCase(), 'LOGIN')).body.status).toBe('PASS');
  });

  it('an expired code is UNPASS 40013 and marked EXPIRED, even while TTL has not removed it', async () => {
    const sent = await issue('13900000004');
    await tables.doc.send(
      new UpdateCommand({
        TableName: tables.name('captcha'),
        Key: { pk: captchaKeys.record({ institution: INSTITUTION, captchaId: sent.captchaId }), sk: 'META' },
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: 'SET expiresAtIso = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    expect((await attempt(sent, '13900000004', sent.checkCode)).body).toMatchObject({ status: 'UNPASS', errorCode: '40013' });
    expect(await statusOf(sent.captchaId)).toBe('EXPIRED');
  });

  it('five wrong attempts end the code: the sixth, correct, is UNPASS 40015', async () => {
    const sent = await issue('13900000005');
    for (let i = 0; i < 5; i++) expect((await attempt(sent, '13900000005', wrongFor(sent.checkCode))).body.errorCode).toBe('40012');
    expect((await attempt(sent, '13900000005', sent.checkCode)).body).toMatchObject({ status: 'UNPASS', errorCode: '40015' });
    expect(await statusOf(sent.captchaId)).toBe('LOCKED');
  });

  it('an unknown phone looks like any other unknown or superseded code', async () => {
    const sent = await issue('13900000006');
    const unknownPhone = await attempt(sent, '13900009999', sent.checkCode);
    const unknownId = await check({ captchaId: 'ffffffffffffffffffffffffffffffff', captcha: sent.checkCode, seqNo: 1, phoneNm: '13900000006', bizCode: 'SHOWN' });
    await issue('13900000006');
    const superseded = await attempt(sent, '13900000006', sent.checkCode);
    const shape = (r: typeof unknownPhone) => ({ status: r.status, retFlag: r.head.retFlag, verdict: r.body.status, code: r.body.errorCode, msg: r.body.errorMsg });
    expect(shape(unknownId)).toEqual(shape(unknownPhone));
    expect(shape(superseded)).toEqual(shape(unknownPhone));
    expect(shape(unknownPhone)).toMatchObject({ status: 200, retFlag: '00000', verdict: 'UNPASS', code: '40016' });
  });

  it('two correct verifies at once: exactly one PASS', async () => {
    const sent = await issue('13900000007');
    const both = await Promise.all([attempt(sent, '13900000007', sent.checkCode), attempt(sent, '13900000007', sent.checkCode)]);
    expect(both.map((r) => r.body.status).sort()).toEqual(['PASS', 'UNPASS']);
  });

  it('validation errors are 4xx envelopes', async () => {
    const res = await check({ captchaId: 'x', captcha: '1', seqNo: 'one', phoneNm: '13900000008', bizCode: 'SHOWN' });
    expect([res.status, res.head.retFlag]).toEqual([400, '10001']);
    expect(res.head.retMsg).toContain('seqNo');
  });
});
