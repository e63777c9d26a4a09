import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTables, type TestTables } from '#test/tables';
import { API_KEY, PARTNER_API_KEY, captchaApi, type CaptchaApi } from '#test/fakes/captcha-handler-env';
import { ALPHABETS } from '#core/captcha/code';

// Two institutions (two API keys) calling the real send and verify handlers for the same phone and
// scene, against DynamoDB Local: one institution's sends must not refuse, number, count against or
// invalidate the other's.

let tables: TestTables;
let api: CaptchaApi;

beforeAll(async () => {
  tables = await useTables();
  api = await captchaApi(tables);
});
afterAll(async () => {
  await api?.stop();
});

const A = API_KEY;
const B = PARTNER_API_KEY;
const send = (key: string, body: Record<string, unknown>) => api.send(body, key);
const verifyAs = (key: string, phoneNm: string, bizCode: string, sent: { captchaId: string; checkCode: string; seqNo: number }, captcha = sent.checkCode) =>
  api.verify({ captchaId: sent.captchaId, captcha, seqNo: sent.seqNo, phoneNm, bizCode }, key);

describe('captcha: institutions do not affect each other', () => {
  it('B sending to A\'s phone inside A\'s cool-down is not refused, and starts at seqNo 1', async () => {
    const phoneNm = '13500000001';
    const a = await send(A, { phoneNm, bizCode: 'LOGIN' });
    const b = await send(B, { phoneNm, bizCode: 'LOGIN' });
    expect([a.head.retFlag, a.body.seqNo]).toEqual(['00000', 1]);
    expect([b.head.retFlag, b.body.seqNo]).toEqual(['00000', 1]);
    // Each institution still has its own cool-down.
    expect((await send(A, { phoneNm, bizCode: 'LOGIN' })).head.retFlag).toBe('40003');
    expect((await send(B, { phoneNm, bizCode: 'LOGIN' })).head.retFlag).toBe('40003');
  });

  it('A\'s code still verifies after B sends to the same phone and scene; so does B\'s', async () => {
    const phoneNm = '13500000002';
    const a = await send(A, { phoneNm, bizCode: 'SHOWN' });
    const b = await send(B, { phoneNm, bizCode: 'SHOWN' });
    expect([a.body.seqNo, b.body.seqNo]).toEqual([1, 1]);
    expect((await verifyAs(A, phoneNm, 'SHOWN', a.body)).body).toMatchObject({ status: 'PASS', errorCode: '00000' });
    expect((await verifyAs(B, phoneNm, 'SHOWN', b.body)).body).toMatchObject({ status: 'PASS', errorCode: '00000' });
  });

  it('one institution spending a phone\'s daily quota leaves the other\'s untouched', async () => {
    const phoneNm = '13500000003';
    for (const seq of [1, 2]) expect((await send(A, { phoneNm, bizCode: 'LIMIT2' })).body.seqNo).toBe(seq);
    expect((await send(A, { phoneNm, bizCode: 'LIMIT2' })).head.retFlag).toBe('40002');
    for (const seq of [1, 2]) expect((await send(B, { phoneNm, bizCode: 'LIMIT2' })).body.seqNo).toBe(seq);
    expect((await send(B, { phoneNm, bizCode: 'LIMIT2' })).head.retFlag).toBe('40002');
  });

  it('B cannot verify A\'s captchaId, nor burn it with wrong attempts', async () => {
    const phoneNm = '13500000004';
    const a = await send(A, { phoneNm, bizCode: 'SHOWN' });
    expect((await verifyAs(B, phoneNm, 'SHOWN', a.body)).body).toMatchObject({ status: 'UNPASS', errorCode: '40016' });
    const wrong = a.body.checkCode === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    for (let i = 0; i < 6; i++) expect((await verifyAs(B, phoneNm, 'SHOWN', a.body, wrong)).body.errorCode).toBe('40016');
    expect((await verifyAs(A, phoneNm, 'SHOWN', a.body)).body).toMatchObject({ status: 'PASS' });
  });

  it('a reqId is unique per institution: B may use the reqId A used, and gets its own code', async () => {
    const body = { reqId: `SHARED-${Date.now()}`, phoneNm: '13500000005', bizCode: 'SHOWN' };
    const a = await send(A, body);
    const b = await send(B, body);
    expect([a.head.retFlag, b.head.retFlag]).toEqual(['00000', '00000']);
    expect(b.body.captchaId).not.toBe(a.body.captchaId);
    expect(b.body.seqNo).toBe(1);
    // Each institution's repeat still gets its own first answer.
    expect(await send(A, body)).toEqual(a);
    expect(await send(B, body)).toEqual(b);
  });
});

describe('captcha: captchaType never weakens the scene\'s format', () => {
  it('a MIXED scene asked for DIGITS still issues MIXED codes', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await send(A, { phoneNm: '13500000006', bizCode: 'SHOWN', captchaType: 'DIGITS' });
      expect(sent.head.retFlag).toBe('00000');
      codes.push(sent.body.checkCode);
    }
    for (const code of codes) {
      expect(code).toHaveLength(6);
      for (const ch of code) expect(ALPHABETS.MIXED).toContain(ch);
    }
    // Three 6-character MIXED codes are all digits with probability (8/56)^18: never.
    expect(codes.join('')).toMatch(/[A-Za-z]/);
  });
});
