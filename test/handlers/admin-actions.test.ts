import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { envKey } from '../../infra/manifest/bindings.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { startSqs, type LocalSqs } from '../../infra/local/sqs.ts';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { batchPut, sampleSendRecord, sendRecordItem } from '../support/fakes/admin-records-seed.ts';
import { localAwsEnv, schedulerTestEnv, useTables, type TestTables } from '../support/tables.ts';
import { sendKey } from '#adapters/dynamo/message-keys';
import { sendIdOf } from '#core/delivery/ids';

describe('adminActions: resend, cancel, dead-letter queues', () => {
  let handler: AdminHandler;
  let records: AdminHandler;
  let tables: TestTables;
  let sqs: LocalSqs;
  const at = new Date(Date.now() - 600_000).toISOString();
  // Send ids are derived from their request (docs/ARCHITECTURE.md); the tests call them by these names.
  const ID = Object.fromEntries(
    (['FAILED1', 'GREEN1', 'UNSENT1', 'DONE1', 'BLOCKED1'] as const).map((name, i) => [name, sendIdOf({ institution: 'A', requestNo: `R${i + 1}`, createdAt: at }, 'DM', 0)]),
  ) as Record<'FAILED1' | 'GREEN1' | 'UNSENT1' | 'DONE1' | 'BLOCKED1', string>;

  const drain = async (url: string) => {
    const { Messages } = await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
    return (Messages ?? []).map((m) => JSON.parse(m.Body!) as unknown);
  };
  const stored = async (sendId: string) =>
    (await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: sendKey(sendId) }))).Item!;

  beforeAll(async () => {
    tables = await useTables();
    sqs = await startSqs({ ...manifest, functions: {} }, { prefix: `a${randomUUID().slice(0, 6)}` });
    const queueEnv = Object.fromEntries(
      Object.entries(sqs.queues).flatMap(([name, q]) => [[envKey.queueUrl(name), q.url], [envKey.dlqUrl(name), q.dlqUrl]]),
    );
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), queueEnv, { AWS_ENDPOINT_URL_SQS: sqs.endpoint, POWERTOOLS_LOG_LEVEL: 'ERROR', ...schedulerTestEnv });
    const failedRecipient = { index: 0, to: '13800000000', mobile: '13800000000', status: 'FAILED' as const, error: 'timeout' };
    await batchPut(tables.doc, tables.name('messages'), [
      sendRecordItem(sampleSendRecord({ sendId: ID.FAILED1, institution: 'A', requestNo: 'R1', createdAt: at, status: 'FAILED', sendCount: 3, nextAttemptAt: at, lastError: 'timeout', recipients: [failedRecipient] })),
      sendRecordItem(sampleSendRecord({ sendId: ID.GREEN1, institution: 'A', requestNo: 'R2', createdAt: at, status: 'UNSENDABLE', sendCount: 3, greenLane: true, channel: 'EMAIL', recipients: [{ ...failedRecipient, status: 'UNSENDABLE' }] })),
      sendRecordItem(sampleSendRecord({ sendId: ID.UNSENT1, institution: 'A', requestNo: 'R3', createdAt: at, status: 'UNSENT', sendCount: 0, recipients: [{ ...failedRecipient, status: 'UNSENT' }] })),
      sendRecordItem(sampleSendRecord({ sendId: ID.DONE1, institution: 'A', requestNo: 'R4', createdAt: at, status: 'SUCCESS' })),
      // What the split leaves when every recipient is intercepted: UNSENDABLE, nobody to send to.
      sendRecordItem(sampleSendRecord({ sendId: ID.BLOCKED1, institution: 'A', requestNo: 'R5', createdAt: at, status: 'UNSENDABLE', sendCount: 0, lastError: '全部用户被拦截或无地址', recipients: [{ ...failedRecipient, status: 'INTERCEPTED', interceptReason: '黑名单' }] })),
    ]);
    vi.resetModules();
    handler = (await import('../../functions/http/admin-actions.ts')).handler as AdminHandler;
    records = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
  });

  afterAll(async () => {
    await sqs?.stop();
  });

  it('resends a FAILED record: UNSENT, count reset, failed recipients again, pending, enqueued to its lane', async () => {
    const resent = await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.FAILED1}/resend`, { role: 'operator' });
    expect([resent.retFlag, resent.body.status]).toEqual(['00000', 'UNSENT']);
    const item = await stored(ID.FAILED1);
    expect([item.status, item.sendCount, item.lastError, (item.recipients as { status: string }[])[0]!.status]).toEqual(['UNSENT', 0, undefined, 'UNSENT']);
    // Due now, so it is in the pending index too: if the enqueue below had failed, the rescan would send it.
    expect(Date.parse(String(item.nextAttemptAt))).toBeGreaterThan(Date.now() - 60_000);
    expect(String(item.pendingpk)).toMatch(/^SEND#[0-7]$/);
    expect(await drain(sqs.queues.smsGeneral!.url)).toEqual([{ kind: 'send', sendId: ID.FAILED1 }]);
    const green = await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.GREEN1}/resend`, { role: 'admin' });
    expect(green.retFlag).toBe('00000');
    expect(await drain(sqs.queues.emailGreen!.url)).toEqual([{ kind: 'send', sendId: ID.GREEN1 }]);
    const again = await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.FAILED1}/resend`, { role: 'operator' });
    expect([again.status, again.retFlag]).toEqual([409, '50005']);
    expect((await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.DONE1}/resend`, { role: 'operator' })).retFlag).toBe('50005');
    expect((await callAdmin(handler, 'POST', '/api/admin/actions/send-records/NOPE/resend', { role: 'operator' })).retFlag).toBe('50001');
    expect((await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.FAILED1}/resend`, { role: 'viewer' })).retFlag).toBe('20005');
  });

  it('refuses to resend a record whose recipients were all intercepted, saying why, and changes nothing', async () => {
    const refused = await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.BLOCKED1}/resend`, { role: 'operator' });
    expect([refused.status, refused.retFlag]).toEqual([409, '50005']);
    expect(refused.retMsg).toContain('没有可重发的用户');
    const item = await stored(ID.BLOCKED1);
    expect([item.status, item.sendCount, (item.recipients as { status: string }[])[0]!.status]).toEqual(['UNSENDABLE', 0, 'INTERCEPTED']);
    expect(await drain(sqs.queues.smsGeneral!.url)).toEqual([]);
    // The listing says so too, so the admin centre can disable the button with the reason.
    const listed = await callAdmin(records, 'GET', '/api/admin/records/send-records', { role: 'viewer', query: { institution: 'A', limit: '100' } });
    const counts = Object.fromEntries((listed.body.items as { sendId: string; retryableCount?: number }[]).map((r) => [r.sendId, r.retryableCount]));
    expect([counts[ID.BLOCKED1], counts[ID.DONE1]]).toEqual([0, 0]);
  });

  it('cancels only an UNSENT record, which leaves the pending index', async () => {
    const cancelled = await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.UNSENT1}/cancel`, { role: 'operator' });
    expect([cancelled.retFlag, cancelled.body.status]).toEqual(['00000', 'CANCELLED']);
    const item = await stored(ID.UNSENT1);
    expect([item.status, item.pendingpk, (item.recipients as { status: string }[])[0]!.status]).toEqual(['CANCELLED', undefined, 'CANCELLED']);
    expect((await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.UNSENT1}/cancel`, { role: 'operator' })).retFlag).toBe('50005');
    expect((await callAdmin(handler, 'POST', `/api/admin/actions/send-records/${ID.DONE1}/cancel`, { role: 'operator' })).retFlag).toBe('50005');
  });

  it('lists every lane DLQ with its depth, peeks, and replays up to N back to the lane', async () => {
    for (let i = 0; i < 3; i++) {
      await sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queues.smsGeneral!.dlqUrl, MessageBody: JSON.stringify({ kind: 'send', sendId: `DEAD${i}` }) }));
    }
    const depths = await callAdmin(handler, 'GET', '/api/admin/actions/dlq', { role: 'viewer' });
    const byQueue = Object.fromEntries(depths.body.items!.map((q) => [q.queue, q.depth]));
    expect(Object.keys(byQueue).sort()).toEqual(
      ['emailGeneral', 'emailGreen', 'mqGeneral', 'mqGreen', 'pushGeneral', 'pushGreen', 'requestGeneral', 'requestGreen', 'smsGeneral', 'smsGreen'],
    );
    expect(byQueue.smsGeneral).toBe(3);
    expect(byQueue.requestGeneral).toBe(0);
    const peek = await callAdmin(handler, 'GET', '/api/admin/actions/dlq/smsGeneral/messages', { role: 'operator' });
    expect(peek.body.items!.map((m) => JSON.parse(String(m.body)) as { sendId: string }).map((b) => b.sendId).sort()).toEqual(['DEAD0', 'DEAD1', 'DEAD2']);
    expect((await callAdmin(handler, 'GET', '/api/admin/actions/dlq/smsGeneral/messages', { role: 'viewer' })).retFlag).toBe('20005');
    const replay = await callAdmin(handler, 'POST', '/api/admin/actions/dlq/smsGeneral/replay', { role: 'operator', body: { max: 2 } });
    expect([replay.retFlag, replay.body.moved]).toEqual(['00000', 2]);
    expect(await drain(sqs.queues.smsGeneral!.url)).toHaveLength(2);
    const rest = await callAdmin(handler, 'POST', '/api/admin/actions/dlq/smsGeneral/replay', { role: 'operator' });
    expect(rest.body.moved).toBe(1);
    expect((await callAdmin(handler, 'GET', '/api/admin/actions/dlq/nope/messages', { role: 'operator' })).retFlag).toBe('50001');
  });

  it('audits every action', async () => {
    const audit = await callAdmin(records, 'GET', '/api/admin/records/audit', { role: 'viewer', query: { limit: '100' } });
    const actions = audit.body.items!.map((a) => `${String(a.action)}:${String(a.entityId)}:${String(a.user)}`).sort();
    expect(actions).toEqual([`cancel:${ID.UNSENT1}:operator`, 'replay:smsGeneral:operator', 'replay:smsGeneral:operator', `resend:${ID.FAILED1}:operator`, `resend:${ID.GREEN1}:admin`].sort());
    const resend = audit.body.items!.find((a) => a.entityId === ID.FAILED1);
    expect(resend).toMatchObject({ before: { status: 'FAILED', sendCount: 3 }, after: { status: 'UNSENT', sendCount: 0 } });
  });
});
