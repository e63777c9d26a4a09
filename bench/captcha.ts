import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryOutbox } from '../layers/adapters/dynamo/outbox-query.ts';
import type { LocalPlatform } from '../infra/local/platform.ts';
import type { Probes } from './pipeline.ts';
import { round, summary } from './stats.ts';

const post = async (url: string, path: string, body: unknown) => {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': 'demo-outplatform-key' },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as { head: { retFlag: string; retMsg: string }; body: Record<string, unknown> };
  if (payload.head.retFlag !== '00000') throw new Error(`${path}: ${payload.head.retFlag} ${payload.head.retMsg}`);
  return payload.body;
};

/** The code the OUTBOX recorded for a phone: it follows the word 验证码 in the demo template. */
const codeFor = async (platform: LocalPlatform, phone: string): Promise<string> => {
  for (let i = 0; i < 200; i++) {
    const content = (await queryOutbox(DynamoDBDocumentClient.from(platform.dynamo.client), platform.resolved.table('messages'), { to: phone, limit: 1 })).items[0]?.content;
    const code = content ? /验证码\s*([0-9A-Za-z]+)/.exec(content)?.[1] : undefined;
    if (code) return code;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no captcha in the outbox for ${phone}`);
};

/** LOGIN (direct delivery) send and verify against the running platform, one phone per round. */
export const benchCaptcha = async (platform: LocalPlatform, probes: Probes, rounds = 40) => {
  const sends: number[] = [];
  const verifies: number[] = [];
  let sendUnits = { write: 0, read: 0 };
  let verifyUnits = { write: 0, read: 0 };
  const base = 13700000000 + Math.floor(Math.random() * 90000) * 1000;
  for (let i = -3; i < rounds; i++) {
    const phone = String(base + i + 3);
    probes.reset();
    const t0 = performance.now();
    const sent = await post(platform.url, '/api/hcmsg/captcha/send', { reqId: randomUUID().replace(/-/g, ''), phoneNm: phone, bizCode: 'LOGIN' });
    const t1 = performance.now();
    const sendCost = { write: probes.dynamo.writeUnits, read: probes.dynamo.readUnits };
    const code = await codeFor(platform, phone);
    probes.reset();
    const t2 = performance.now();
    const verified = await post(platform.url, '/api/hcmsg/captcha/verify', {
      captchaId: sent.captchaId,
      captcha: code,
      seqNo: String(sent.seqNo),
      phoneNm: phone,
      bizCode: 'LOGIN',
    });
    const t3 = performance.now();
    if (verified.status !== 'PASS') throw new Error(`verify: ${JSON.stringify(verified)}`);
    if (i < 0) continue; // warm-up rounds
    sends.push(t1 - t0);
    verifies.push(t3 - t2);
    sendUnits = { write: sendUnits.write + sendCost.write, read: sendUnits.read + sendCost.read };
    verifyUnits = { write: verifyUnits.write + probes.dynamo.writeUnits, read: verifyUnits.read + probes.dynamo.readUnits };
  }
  return {
    sendMs: summary(sends),
    verifyMs: summary(verifies),
    perSend: { writeUnits: round(sendUnits.write / rounds, 2), readUnits: round(sendUnits.read / rounds, 2) },
    perVerify: { writeUnits: round(verifyUnits.write / rounds, 2), readUnits: round(verifyUnits.read / rounds, 2) },
  };
};
