import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalSqs } from '../../infra/local/sqs.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { DEMO_API_KEY, httpEvent, intakeHandlerEnv, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import { captchaApi, type CaptchaApi } from '../support/fakes/captcha-handler-env.ts';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };

// One recipient rule set (layers/core/messages/recipient-rules.ts) at every endpoint that takes a
// mobile: a number sendMessage accepts, captcha accepts, and the other way round.

const MOBILE_RULE = /手机号.*\(.*E\.164 with \+\)/;

describe('the recipient rule set at the API', () => {
  let tables: TestTables;
  let sqs: LocalSqs;
  let captcha: CaptchaApi;
  let send: (body: unknown) => Promise<ReturnType<typeof readEnvelope>>;

  beforeAll(async () => {
    tables = await useTables();
    sqs = await intakeHandlerEnv(tables);
    vi.resetModules();
    const { handler } = await import('../../functions/http/send-message.ts');
    send = async (body) => readEnvelope(await handler(httpEvent('POST', '/api/hcmsg/sendMessage', { body: JSON.stringify(body), apiKey: DEMO_API_KEY }), lambdaContext('sendMessage')));
    captcha = await captchaApi(await useTables());
  });
  afterAll(async () => {
    await sqs?.stop();
    await captcha?.stop();
  });

  it.each(['12345', '12800138000', '447911123456', '+0123'])('sendMessage refuses the SMS mobile %s with 400 10004 naming the field', async (mobile) => {
    const result = await send({ ...seedSms, requestNo: `RULE-${mobile.replace(/\D/g, '')}`, userIds: [{ userId: 'U1', mobile }] });
    expect(result).toMatchObject({ status: 400, retFlag: '10004' });
    expect(result.retMsg).toMatch(/^userIds\[0\]\.mobile: /);
    expect(result.retMsg).toMatch(/\(.*E\.164.*\)$/);
  });

  it.each(['13361249238', '+86 133-6124-9238', '+85291234567'])('sendMessage accepts the mobile %s', async (mobile) => {
    const result = await send({ ...seedSms, requestNo: `OK-${mobile.replace(/\D/g, '')}`, userIds: [{ userId: 'U1', mobile }] });
    expect(result).toMatchObject({ status: 200, retFlag: '00000' });
  });

  it('captcha send refuses 12345 like sendMessage does, and accepts an E.164 number it accepts', async () => {
    const bad = await captcha.send({ phoneNm: '12345', bizCode: 'LOGIN' });
    expect([bad.status, bad.head.retFlag]).toEqual([400, '10001']);
    expect(bad.head.retMsg).toMatch(/^phoneNm: /);
    expect(bad.head.retMsg).toMatch(MOBILE_RULE);
    const foreign = await captcha.send({ phoneNm: '+852 9123 4567', bizCode: 'LOGIN' });
    expect(foreign.head.retFlag).toBe('00000');
    expect(await captcha.record(foreign.body.captchaId)).toMatchObject({ phone: '+85291234567' });
  });

  it('captcha verify checks the phone by the same rule and finds the code under its canonical form', async () => {
    const bad = await captcha.verify({ captchaId: 'X', captcha: '123456', seqNo: 1, phoneNm: '12345', bizCode: 'LOGIN' });
    expect([bad.status, bad.head.retFlag]).toEqual([400, '10001']);
    expect(bad.head.retMsg).toMatch(/^phoneNm: /);
    const sent = await captcha.send({ phoneNm: '13800000077', bizCode: 'LOGIN' });
    const ok = await captcha.verify({ captchaId: sent.body.captchaId, captcha: sent.body.checkCode, seqNo: sent.body.seqNo, phoneNm: '+86 138-0000-0077', bizCode: 'LOGIN' });
    expect(ok.body).toMatchObject({ status: 'PASS' });
  });
});
