import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryAudit } from '#adapters/dynamo/audit-store';
import { CALLBACK_MAX_ATTEMPTS } from '#contracts/callbacks';
import { startSecretsManager, type LocalSecrets } from '../../infra/local/secrets-manager.ts';
import { callAdmin } from '../support/admin-events.ts';
import { startCallbackReceiver, verifyCallback } from '../support/callback-receiver.ts';
import { deliveryHandlerEnv, securityRequest, sqsEvent } from '../support/fakes/delivery-handler-env.ts';
import { lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { waitFor } from '../support/wait-for.ts';

type AdminLambda = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type SqsLambda = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

describe('caller callbacks: configured once, one signed batch per final request, retried, dead-lettered, replayed', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  let secrets: LocalSecrets;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  let admin: AdminLambda;
  let deliver: SqsLambda;
  let ingest: SqsLambda;
  let secret = '';

  /** The callback queue's messages handed to the consumer once, with the receive count SQS would give. */
  const deliverCallbacks = async (receiveCount = 1, bodies?: string[]) => {
    const messages = bodies ?? (await env.drain('callbackDelivery')).map((m) => m.Body!);
    const event = sqsEvent(env.sqs.queues.callbackDelivery!.arn, messages.map((body, i) => ({ messageId: `cb-${receiveCount}-${i}`, body, receiveCount })));
    const result = await deliver(event, lambdaContext('deliverCallbacks'));
    return { bodies: messages, failed: result.batchItemFailures.length };
  };
  const delivery = async (id: string) =>
    (await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: { pk: `CBDEL#${id}`, sk: 'META' } }))).Item as Record<string, unknown> | undefined;
  const runRequest = async (requestNo: string, users = 2) => {
    expect((await env.send(securityRequest(requestNo, users))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGreen');
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    // The SMS recipients stay SENT until the OUTBOX's receipts (delayed a couple of seconds) are
    // ingested: only then is the request's outcome final and its batch due.
    let receipts = 0;
    await waitFor(async () => ((receipts += (await env.deliver(ingest, 'statusReports')).length) >= users ? true : undefined), { what: 'OUTBOX receipts', idleMs: 10_000 });
  };

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    secrets = await startSecretsManager(['test/callbackKey']);
    receiver = await startCallbackReceiver();
    Object.assign(process.env, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint, SECRET_CALLBACK_KEY_ID: 'test/callbackKey' });
    vi.resetModules();
    admin = (await import('../../functions/http/admin-delivery.ts')).handler as AdminLambda;
    deliver = (await import('../../functions/queues/deliver-callbacks.ts')).handler as SqsLambda;
    ingest = (await import('../../functions/queues/ingest-status-reports.ts')).handler as SqsLambda;
  });
  afterAll(async () => {
    await receiver?.stop();
    await secrets?.stop();
    await env?.stop();
  });

  it('an admin sets the URL and gets the signing secret once; it is sealed at rest and never shown again', async () => {
    expect(await callAdmin(admin, 'PUT', '/api/admin/delivery/callbacks/OUTPLATFORM', { role: 'operator', body: { url: receiver.url } })).toMatchObject({ status: 403 });
    expect(await callAdmin(admin, 'PUT', '/api/admin/delivery/callbacks/NOPE', { body: { url: receiver.url } })).toMatchObject({ status: 404 });
    expect(await callAdmin(admin, 'PUT', '/api/admin/delivery/callbacks/OUTPLATFORM', { body: { url: 'ftp://x' } })).toMatchObject({ status: 400, retFlag: '10001' });

    const set = await callAdmin(admin, 'PUT', '/api/admin/delivery/callbacks/OUTPLATFORM', { username: 'root', body: { url: receiver.url } });
    expect(set).toMatchObject({ status: 200, body: { institution: 'OUTPLATFORM', url: receiver.url, enabled: true } });
    secret = String(set.body.secret);
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(set.body.secretPrefix).toBe(secret.slice(0, 8));

    const stored = (await tables.doc.send(new GetCommand({ TableName: tables.name('config'), Key: { pk: 'CALLBACK', sk: 'OUTPLATFORM' } }))).Item!;
    expect(JSON.stringify(stored)).not.toContain(secret);
    const listed = await callAdmin(admin, 'GET', '/api/admin/delivery/callbacks', { role: 'viewer' });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain('sealedSecret');
    const again = await callAdmin(admin, 'PUT', '/api/admin/delivery/callbacks/OUTPLATFORM', { body: { url: receiver.url, enabled: true } });
    expect(again.body.secret).toBeUndefined();
    const audit = await queryAudit(tables.doc, tables.name('audit'), { entity: 'callback', limit: 10 }, new Date());
    expect(audit.items.map((a) => a.action).sort()).toEqual(['create', 'update']);
    expect(JSON.stringify(audit.items)).not.toContain(secret);
  });

  it('a finished request gives exactly one signed batch, verified by the receiver; redeliveries post nothing more', async () => {
    await runRequest('CB1');
    const first = await deliverCallbacks();
    expect(first.bodies).toHaveLength(1);
    expect(first.failed).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(verifyCallback(secret, got!.headers, got!.body)).toBe(true);
    expect(verifyCallback('wrong', got!.headers, got!.body)).toBe(false);
    const batch = JSON.parse(got!.body) as { requestNo: string; outcome: string; part: number; parts: number; recipients: { channel: string; status: string; to: string }[] };
    expect(batch).toMatchObject({ requestNo: 'CB1', institution: 'OUTPLATFORM', outcome: 'DELIVERED', part: 1, parts: 1 });
    expect(batch.recipients.map((r) => `${r.channel}:${r.status}`).sort()).toEqual(['PUSH:DELIVERED', 'PUSH:DELIVERED', 'SMS:DELIVERED', 'SMS:DELIVERED']);
    expect(batch.recipients.find((r) => r.channel === 'SMS')!.to).toMatch(/^139\*{4}\d{4}$/);

    // The same queue message again, and the senders' messages again: no second POST, no second batch.
    await deliverCallbacks(2, first.bodies);
    const records = await env.sendRecords('CB1');
    const sms = records.find((r) => r.channel === 'SMS')!;
    const copy = sqsEvent(env.sqs.queues.smsGreen!.arn, [{ messageId: 'dup', body: JSON.stringify({ kind: 'send', sendId: sms.sendId }), receiveCount: 2 }]);
    expect((await env.handlers.sendSms(copy, lambdaContext('sendSms')))?.batchItemFailures).toEqual([]);
    expect(await env.drain('callbackDelivery')).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    expect(await delivery('OUTPLATFORM#CB1#1')).toMatchObject({ status: 'DELIVERED', attempts: 1, lastStatusCode: 200 });
  });

  it('retries an endpoint answering 500, then delivers; attempts and status codes are visible', async () => {
    receiver.received.length = 0;
    receiver.answer(500);
    await runRequest('CB2');
    const first = await deliverCallbacks(1);
    expect(first.failed).toBe(1);
    expect(await delivery('OUTPLATFORM#CB2#1')).toMatchObject({ status: 'PENDING', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500 boom' });
    expect((await deliverCallbacks(2, first.bodies)).failed).toBe(0);
    expect(receiver.received).toHaveLength(2);
    const listed = await callAdmin(admin, 'GET', '/api/admin/delivery/callback-deliveries', { role: 'viewer', query: { institution: 'OUTPLATFORM', status: 'DELIVERED' } });
    const row = listed.body.items!.find((i) => i.requestNo === 'CB2')!;
    expect(row).toMatchObject({ attempts: 2, lastStatusCode: 200, status: 'DELIVERED' });
    expect((row.history as { statusCode: number }[]).map((h) => h.statusCode)).toEqual([500, 200]);
    expect(row.lastError).toBeUndefined();
  });

  it(`dead-letters after ${CALLBACK_MAX_ATTEMPTS} failed attempts (DEAD), and an operator's replay delivers it`, async () => {
    receiver.received.length = 0;
    receiver.answer(...Array.from({ length: CALLBACK_MAX_ATTEMPTS }, () => 503));
    await runRequest('CB3', 1);
    const { bodies } = await deliverCallbacks(1);
    for (let receive = 2; receive <= CALLBACK_MAX_ATTEMPTS; receive++) expect((await deliverCallbacks(receive, bodies)).failed).toBe(1);
    expect(await delivery('OUTPLATFORM#CB3#1')).toMatchObject({ status: 'DEAD', attempts: CALLBACK_MAX_ATTEMPTS, lastStatusCode: 503 });
    expect(receiver.received).toHaveLength(CALLBACK_MAX_ATTEMPTS);

    expect(await callAdmin(admin, 'POST', '/api/admin/delivery/callback-deliveries/OUTPLATFORM%23CB3%231/replay', { role: 'viewer' })).toMatchObject({ status: 403 });
    const replayed = await callAdmin(admin, 'POST', '/api/admin/delivery/callback-deliveries/OUTPLATFORM%23CB3%231/replay', { role: 'operator', username: 'op2' });
    expect(replayed).toMatchObject({ status: 200, body: { status: 'PENDING', attempts: 0 } });
    expect((await deliverCallbacks(1)).failed).toBe(0);
    expect(await delivery('OUTPLATFORM#CB3#1')).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    const audit = await queryAudit(tables.doc, tables.name('audit'), { entity: 'callbackDelivery', limit: 10 }, new Date());
    expect(audit.items).toMatchObject([{ action: 'replay', user: 'op2', entityId: 'OUTPLATFORM#CB3#1' }]);
  });

  it('rotation shows a new secret once; the next batch is signed with it', async () => {
    const rotated = await callAdmin(admin, 'POST', '/api/admin/delivery/callbacks/OUTPLATFORM/rotate', {});
    const next = String(rotated.body.secret);
    expect(next).not.toBe(secret);
    receiver.received.length = 0;
    await runRequest('CB4', 1);
    await deliverCallbacks(1);
    const [got] = receiver.received;
    expect(verifyCallback(next, got!.headers, got!.body)).toBe(true);
    expect(verifyCallback(secret, got!.headers, got!.body)).toBe(false);
  });
});
