import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTables, type TestTables } from '../support/tables.ts';
import { lambdaContext } from '../support/fakes/intake-handler-env.ts';
import { deliveryHandlerEnv, scheduledEvent, securityRequest } from '../support/fakes/delivery-handler-env.ts';

// The rescans' "stuck" age (a request PROCESSING or a send record SENDING this long belongs to a
// consumer that died) is the platform parameter RESCAN_STUCK_MINUTES (参数配置), read by the real
// rescan handlers. Time is the scheduled event's, never slept.

const minutes = (n: number) => new Date(Date.now() + n * 60_000);
interface Report { sweep: { tracked: number }; enqueued: number; recovered: number }

describe('rescan age as a platform parameter (DynamoDB Local + embedded SQS)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  const rescanRecords = async (at: Date) => (await env.handlers.rescanSendRecords(scheduledEvent(at), lambdaContext('rescanSendRecords'))) as Report;
  const rescanRequests = async (at: Date) => (await env.handlers.rescanRequests(scheduledEvent(at), lambdaContext('rescanRequests'))) as Report;

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    // Set before any function reads it (their configuration cache lives 30 s).
    await env.config.put('parameter', { code: 'RESCAN_STUCK_MINUTES', name: '卡住多久后重扫 (分钟)', value: '15' }, { by: 'test' });
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('a SENDING claim whose consumer died is picked up after the configured 15 minutes, not the default 5', async () => {
    // A redelivered copy claims (SENDING) even through the OUTBOX, which dedupes a first one's sends.
    await env.sendAndDieBeforeOutcome('AGE1', 2);
    expect((await env.sendRecords('AGE1')).find((r) => r.channel === 'SMS')).toMatchObject({ status: 'SENDING' });

    // With the default (5 min) this run would enqueue it (in-flight-sweep.test.ts); at 15 it only tracks it.
    expect(await rescanRecords(minutes(6))).toMatchObject({ sweep: { tracked: 1 }, enqueued: 0 });
    expect(await rescanRecords(minutes(10))).toMatchObject({ enqueued: 0, recovered: 0 });
    expect(await rescanRecords(minutes(16))).toMatchObject({ enqueued: 1, recovered: 1 });
    vi.useFakeTimers({ toFake: ['Date'], now: minutes(16) });
    try {
      await env.deliver(env.handlers.sendSms, 'smsGreen');
    } finally {
      vi.useRealTimers();
    }
    expect((await env.sendRecords('AGE1')).find((r) => r.channel === 'SMS')).toMatchObject({ status: 'SUCCESS', sendCount: 2 });
    expect((await env.outbox('AGE1')).filter((e) => e.channel === 'SMS')).toHaveLength(1);
  });

  it('a bulk request whose split died after its claim is recovered after the configured 15 minutes, not the default 5', async () => {
    // 51 recipients: stored in chunks, so the split claims the request (PROCESSING) before it works.
    expect((await env.send(securityRequest('AGE2', 51))).retFlag).toBe('00000');
    let claimed = false;
    const restore = env.failDynamo((command, input) => {
      if (claimed) return !['GetCommand', 'QueryCommand', 'BatchGetCommand'].includes(command);
      if (JSON.stringify(input).includes('"PROCESSING"')) claimed = true;
      return false;
    });
    await env.attempt(env.handlers.split, 'requestGreen');
    restore();
    await env.drain('requestGreen');
    expect(claimed).toBe(true);

    expect(await rescanRequests(minutes(6))).toMatchObject({ enqueued: 0, recovered: 0 });
    expect(await rescanRequests(minutes(10))).toMatchObject({ enqueued: 0, recovered: 0 });
    expect(await rescanRequests(minutes(16))).toMatchObject({ enqueued: 1, recovered: 1 });
    expect(await env.drain('requestGreen')).toHaveLength(1);
  });
});
