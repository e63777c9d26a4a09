import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTables, type TestTables } from '../support/tables.ts';
import { lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { deliveryHandlerEnv, scheduledEvent, securityRequest } from '../support/fakes/delivery-handler-env.ts';

// What no queue message carries any more — a message dead-lettered, or lost with the machine that
// held it — is found by the rescans from DynamoDB alone, and delivered exactly once.

const minutes = (n: number) => new Date(Date.now() + n * 60_000);

describe('in-flight sweep: nothing accepted is lost when its queue message is (DynamoDB Local + embedded SQS)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  const pending = async () =>
    ((await tables.doc.send(new ScanCommand({ TableName: tables.name('messages'), IndexName: 'pending' }))).Items ?? []).map((i) => `${i.pk as string} ${i.status as string}`);
  const rescan = async (at: Date) => {
    const requests = (await env.handlers.rescanRequests(scheduledEvent(at), lambdaContext('rescanRequests'))) as { sweep: { swept: number; tracked: number }; enqueued: number; recovered: number };
    const records = (await env.handlers.rescanSendRecords(scheduledEvent(at), lambdaContext('rescanSendRecords'))) as { sweep: { swept: number; tracked: number }; enqueued: number; recovered: number };
    return { requests, records };
  };
  const deliverAll = async () => {
    await env.deliver(env.handlers.split, 'requestGreen');
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    await env.deliver(env.handlers.sendPush, 'pushGreen');
  };

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a healthy pipeline leaves the sweep nothing to do and writes nothing into the pending index', async () => {
    expect((await env.send(securityRequest('SWEEP0', 2))).retFlag).toBe('00000');
    await deliverAll();
    expect(await env.outbox('SWEEP0')).toHaveLength(4);
    const first = await rescan(minutes(5));
    expect(first.requests.sweep).toMatchObject({ swept: 1, tracked: 0 });
    expect(first.records.sweep).toMatchObject({ swept: 2, tracked: 0 });
    expect(await pending()).toEqual([]);
    // The cursor moved past them: the next run reads nothing again.
    const second = await rescan(minutes(6));
    expect([second.requests.sweep.swept, second.records.sweep.swept]).toEqual([0, 0]);
  });

  it('a request whose queue message was lost (accepted, never split) is found, split and delivered once', async () => {
    expect((await env.send(securityRequest('SWEEP1', 1))).retFlag).toBe('00000');
    expect(await env.drain('requestGreen')).toHaveLength(1); // …and the message is gone.
    // Before the sweep's lag nothing happens: a healthy pipeline would still be on it.
    expect((await rescan(minutes(1))).requests.sweep.tracked).toBe(0);
    // Handed to the pending index, then enqueued (in the same run, or the next: the index is eventually consistent).
    const first = await rescan(minutes(5));
    expect(first.requests.sweep.tracked).toBe(1);
    const second = await rescan(minutes(5));
    expect(first.requests.enqueued + second.requests.enqueued).toBe(1);
    await deliverAll();
    expect((await env.outbox('SWEEP1')).map((e) => e.channel).sort()).toEqual(['PUSH', 'SMS']);
    expect(await pending()).toEqual([]);
  });

  it('send records whose queue messages were lost (dead-lettered) are found and delivered once', async () => {
    expect((await env.send(securityRequest('SWEEP2', 3))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGreen');
    expect(await env.drain('smsGreen')).toHaveLength(1);
    await env.deliver(env.handlers.sendPush, 'pushGreen');
    expect((await env.sendRecords('SWEEP2')).map((r) => `${r.channel as string} ${r.status as string}`).sort()).toEqual(['PUSH SUCCESS', 'SMS UNSENT']);

    const first = await rescan(minutes(5));
    expect(first.records.sweep.tracked).toBe(1);
    expect(await pending()).toEqual([expect.stringMatching(/^SEND#\d{4}-\d\d-\d\d#\d\d UNSENT$/)]);
    const second = await rescan(minutes(5));
    expect(first.records.enqueued + second.records.enqueued).toBe(1);
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    const outbox = await env.outbox('SWEEP2');
    expect(outbox.filter((e) => e.channel === 'SMS')).toHaveLength(3);
    expect(await pending()).toEqual([]);
    expect((await rescan(minutes(30))).records.enqueued).toBe(0);
  });

  it('a sender that died mid-send with its message lost: the stale claim is taken over and the record sent once', async () => {
    // A redelivered copy claims the record (SENDING; a first one through the OUTBOX would not: below)
    // and dies before its SUCCESS lands; its message is gone.
    await env.sendAndDieBeforeOutcome('SWEEP3', 2);
    const [claimed] = (await env.sendRecords('SWEEP3')).filter((r) => r.channel === 'SMS');
    expect(claimed!.status).toBe('SENDING');

    // Swept: a claim is due when it would be stale, not before.
    expect((await rescan(minutes(4.5))).records.sweep.tracked).toBe(1);
    expect((await rescan(minutes(4.5))).records.enqueued).toBe(0);
    const { records } = await rescan(minutes(6));
    expect(records).toMatchObject({ enqueued: 1, recovered: 1 });
    // The consumer that gets the message runs six minutes on (only Date is faked: the SDK's timers run).
    vi.useFakeTimers({ toFake: ['Date'], now: minutes(6) });
    try {
      await env.deliver(env.handlers.sendSms, 'smsGreen');
    } finally {
      vi.useRealTimers();
    }
    const [after] = (await env.sendRecords('SWEEP3')).filter((r) => r.channel === 'SMS');
    expect(after).toMatchObject({ status: 'SUCCESS', sendCount: 2 });
    // The OUTBOX provider's entry is keyed by message id: the re-send after the takeover added none.
    expect((await env.outbox('SWEEP3')).filter((e) => e.channel === 'SMS')).toHaveLength(1);
    expect(await pending()).toEqual([]);
  });

  it('a first delivery through the OUTBOX (no claim) that died mid-send with its message lost: the record stays UNSENT, is swept, and is delivered once', async () => {
    // The provider took the message; the outcome's write fails and the consumer's message is gone.
    await env.sendAndDieBeforeOutcome('SWEEP4', 1);
    const [left] = (await env.sendRecords('SWEEP4')).filter((r) => r.channel === 'SMS');
    expect(left).toMatchObject({ status: 'UNSENT', sendCount: 0 });
    expect((await env.outbox('SWEEP4')).filter((e) => e.channel === 'SMS')).toHaveLength(1);

    // Nothing claims it, so the sweep finds it unfinished and due at once, past its lag.
    const first = await rescan(minutes(5));
    expect(first.records.sweep.tracked).toBe(1);
    const second = await rescan(minutes(5));
    expect(first.records.enqueued + second.records.enqueued).toBe(1);
    await env.deliver(env.handlers.sendSms, 'smsGreen');
    const [after] = (await env.sendRecords('SWEEP4')).filter((r) => r.channel === 'SMS');
    expect(after).toMatchObject({ status: 'SUCCESS', sendCount: 1 });
    // Sent again with the same message id: the OUTBOX kept the one entry.
    expect((await env.outbox('SWEEP4')).filter((e) => e.channel === 'SMS')).toHaveLength(1);
    expect(await pending()).toEqual([]);
  });
});
