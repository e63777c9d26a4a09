import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { scaledMs, waitFor } from '../support/wait-for.ts';

// The captcha flow through the real runner: API, functions in workers, DynamoDB Local, the embedded
// SQS with the SMS consumer, the local Secrets Manager endpoint and the demo scenes.

let platform: LocalPlatform;

beforeAll(async () => {
  platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, onLog: () => undefined });
  // Lambda's init phase does not count against the function timeout, but the runner's first
  // invocation includes loading the module: warm both functions with a request they refuse.
  for (const path of ['/api/hcmsg/captcha/send', '/api/hcmsg/captcha/verify']) {
    for (let i = 0; i < 5 && (await post(path, {})).head.retFlag !== '10001'; i++);
  }
}, scaledMs(180_000));
afterAll(async () => {
  await platform?.stop();
});

const post = async (path: string, body: unknown) => {
  const response = await fetch(`${platform.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { head: { retFlag: string }; body: Record<string, unknown> }) };
};

/** The SMS the OUTBOX provider recorded for a captcha, once it is there (idleMs 0: already there). */
const smsOf = (captchaId: string, idleMs = 20_000): Promise<string> =>
  waitFor(
    async () => {
      const doc = DynamoDBDocumentClient.from(platform.dynamo.client);
      return (await queryOutbox(doc, platform.resolved.table('messages'), { limit: 100 })).items.find((e) => e.id === captchaId)?.content;
    },
    { what: `the OUTBOX entry of ${captchaId}`, idleMs },
  );

const codeIn = (sms: string) => /验证码 (\S+?)（/.exec(sms)![1]!;

describe('captcha through npm start\'s runner', () => {
  it('LOGIN (direct): send, read the code from the OUTBOX, verify PASS, the same code again UNPASS', async () => {
    const sent = await post('/api/hcmsg/captcha/send', { reqId: `IT-${Date.now()}`, phoneNm: '+86 137 0000 0001', bizCode: 'LOGIN' });
    expect(sent.head.retFlag).toBe('00000');
    expect(sent.body).toMatchObject({ caseSensitive: 'N', availTime: '300', checkCode: '', seqNo: 1 });
    // Delivered directly: the SMS is there by the time the API answers.
    const code = codeIn(await smsOf(String(sent.body.captchaId), 0));
    expect(code).toMatch(/^\d{6}$/);
    const verify = { captchaId: sent.body.captchaId, captcha: code, seqNo: String(sent.body.seqNo), phoneNm: '13700000001', bizCode: 'LOGIN' };
    expect((await post('/api/hcmsg/captcha/verify', verify)).body).toMatchObject({ status: 'PASS', errorCode: '00000' });
    expect((await post('/api/hcmsg/captcha/verify', verify)).body).toMatchObject({ status: 'UNPASS', errorCode: '40014' });
  });

  it('RESET_PWD (queued): the SMS consumer delivers it, and the exact-case code verifies', async () => {
    const sent = await post('/api/hcmsg/captcha/send', { reqId: `IT2-${Date.now()}`, phoneNm: '13700000002', bizCode: 'RESET_PWD' });
    expect(sent.head.retFlag).toBe('00000');
    expect(sent.body.caseSensitive).toBe('Y');
    const code = codeIn(await smsOf(String(sent.body.captchaId)));
    const verify = { captchaId: sent.body.captchaId, captcha: code, seqNo: sent.body.seqNo, phoneNm: '13700000002', bizCode: 'RESET_PWD' };
    expect((await post('/api/hcmsg/captcha/verify', verify)).body).toMatchObject({ status: 'PASS' });
  });
});
