import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerSecretPrefix } from '#contracts/provider-secrets';
import { providerSecrets } from '#adapters/provider-secrets';
import { SIGNATURE_HEADER, httpSmsProvider, signBody } from '#adapters/providers/http-sms';
import { sendRecord } from '#core/delivery/send-record';
import { splitRequest } from '#core/delivery/split-request';
import { ProviderError } from '#core/providers';
import { deliveryFixture, requestOf, usersOf } from '../../support/fakes/delivery-fakes.ts';
import { startSecretsManager, type LocalSecrets } from '../../../infra/local/secrets-manager.ts';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws.ts';

const PREFIX = providerSecretPrefix('test');
const REF = `${PREFIX}sms-gateway`;
const KEY = 'gateway-signing-key-from-secrets-manager';

/** A gateway that answers each mobile with the scripted statuses in turn, then 200; records every call. */
const gateway = () => {
  const script = new Map<string, number[]>();
  const calls: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      calls.push({ headers: req.headers, body });
      const mobile = (JSON.parse(body) as { mobile: string }).mobile;
      const status = script.get(mobile)?.shift() ?? 200;
      if (status === 0) return; // never answers: the client's timeout fires
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { messageId: `gw-${calls.length}` } : { error: 'no' }));
    });
  });
  return { server, script, calls };
};

describe('HTTP SMS gateway provider (a real local HTTP server, the key from the local Secrets Manager)', () => {
  const gw = gateway();
  let url = '';
  let secrets: LocalSecrets;
  let client: SecretsManagerClient;
  let clock = 0;
  const reader = () => providerSecrets(() => client, { prefix: PREFIX, now: () => clock });
  const httpSms = () => httpSmsProvider({ secrets: reader() });
  beforeAll(async () => {
    await new Promise<void>((r) => gw.server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(gw.server.address() as AddressInfo).port}/sms`;
    secrets = await startSecretsManager([], { values: { [REF]: KEY } });
    client = new SecretsManagerClient({ endpoint: secrets.endpoint, region: LOCAL_REGION, credentials: localCredentials });
  });
  afterAll(async () => {
    gw.server.closeAllConnections();
    await new Promise((r) => gw.server.close(r));
    await secrets.stop();
  });

  // The gateway here answers at once, but a loaded machine can stall any call for seconds: only the
  // call it never answers gets a short timeout, so no answer is ever mistaken for a timeout.
  const settings = (timeoutMs = '60000') => ({ url, signingKeySecret: REF, timeoutMs });
  const msg = (to: string) => ({ id: `S#${to}`, createdAt: '2026-01-01T00:00:00.000Z', channel: 'SMS' as const, to, title: 't', content: '您好', requestNo: 'R1' });

  it('POSTs JSON signed with the key read from Secrets Manager, the message id as idempotency key', async () => {
    expect(await httpSms().send(msg('13100000000'), settings())).toEqual({ providerMessageId: `gw-${gw.calls.length}` });
    const call = gw.calls.at(-1)!;
    expect(JSON.parse(call.body)).toMatchObject({ messageId: 'S#13100000000', mobile: '13100000000', content: '您好' });
    expect(call.headers[SIGNATURE_HEADER]).toBe(signBody(KEY, call.body));
    expect(call.headers['idempotency-key']).toBe('S#13100000000');
  });

  it('keeps the key per container for a short while: a rotated key is used once the cache expires', async () => {
    const provider = httpSms();
    await provider.send(msg('13100000001'), settings());
    secrets.set(REF, 'rotated-gateway-signing-key');
    clock += 60_000;
    await provider.send(msg('13100000001'), settings());
    expect(gw.calls.at(-1)!.headers[SIGNATURE_HEADER]).toBe(signBody(KEY, gw.calls.at(-1)!.body));
    clock += 5 * 60_000;
    await provider.send(msg('13100000001'), settings());
    expect(gw.calls.at(-1)!.headers[SIGNATURE_HEADER]).toBe(signBody('rotated-gateway-signing-key', gw.calls.at(-1)!.body));
    secrets.set(REF, KEY);
  });

  it('refuses, as a final error and without calling the gateway, a plain key in settings, a secret outside the providers prefix or a missing one', async () => {
    const before = gw.calls.length;
    for (const bad of [
      { url, signingKey: 'k3y' } as Record<string, string>,
      { url, signingKeySecret: 'message-platform/test/captchaKey' },
      { url, signingKeySecret: `${PREFIX}no-such-secret` },
    ]) {
      const error = await httpSms().send(msg('13100000002'), bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).retryable).toBe(false);
      expect((error as ProviderError).message).not.toContain('k3y');
    }
    expect(gw.calls.length).toBe(before);
  });

  it('classifies 5xx, 429 and timeouts as retryable and other 4xx as final', async () => {
    const statuses = [503, 429, 0, 400];
    gw.script.set('13200000000', [...statuses]);
    const outcomes: boolean[] = [];
    for (const status of statuses) {
      const error = await httpSms().send(msg('13200000000'), settings(status === 0 ? '300' : undefined)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      outcomes.push((error as ProviderError).retryable);
    }
    expect(outcomes).toEqual([true, true, true, false]);
  });

  it('through the send use case: fails twice then succeeds, with the counts right', async () => {
    gw.script.set('13800000000', [503, 502]);
    const f = deliveryFixture();
    f.config.put('sendType', { id: 'SMS_T', name: 'gw', channel: 'SMS', provider: 'HTTP_SMS', settings: settings() });
    f.send.providers = { HTTP_SMS: httpSms() };
    f.requests.add(requestOf({ recipientCount: 2 }), usersOf(2));
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
    const sendId = f.sendRecords.all()[0]!.sendId;
    const before = gw.calls.length;
    for (let i = 0; i < 3; i++) {
      await sendRecord(f.send, sendId);
      f.advance(15 * 60_000);
    }
    const record = f.sendRecords.records.get(sendId)!;
    expect(record).toMatchObject({ status: 'SUCCESS', sendCount: 3 });
    expect(record.recipients.map((r) => r.status)).toEqual(['SENT', 'SENT']);
    // 13800000000 three times (two failures, one success), 13800000001 once.
    expect(gw.calls.length - before).toBe(4);
  });

  it('through the send use case: always failing ends UNSENDABLE at the limit (3 attempts, 3 calls)', async () => {
    gw.script.set('13800000000', [500, 500, 500, 500, 500]);
    const f = deliveryFixture();
    f.config.put('sendType', { id: 'SMS_T', name: 'gw', channel: 'SMS', provider: 'HTTP_SMS', settings: settings() });
    f.send.providers = { HTTP_SMS: httpSms() };
    f.requests.add(requestOf({ recipientCount: 1 }), usersOf(1));
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
    const sendId = f.sendRecords.all()[0]!.sendId;
    const before = gw.calls.length;
    for (let i = 0; i < 5; i++) {
      await sendRecord(f.send, sendId);
      f.advance(15 * 60_000);
    }
    expect(f.sendRecords.records.get(sendId)).toMatchObject({ status: 'UNSENDABLE', sendCount: 3 });
    expect(gw.calls.length - before).toBe(3);
    expect(gw.script.get('13800000000')).toHaveLength(2);
  });
});
