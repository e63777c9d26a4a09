import { beforeAll, describe, expect, it } from 'vitest';
import { querySwitchLogs } from '#adapters/dynamo/switch-log-store';
import { sendRecord } from '#core/delivery/send-record';
import { countingProvider, failoverSendType, senderOf, smsRecords, testClock } from '../support/fakes/provider-fakes.ts';
import { useTables, type TestTables } from '../support/tables.ts';

// The breaker is counted in DynamoDB Local (every sender sees it); time is the test's clock, never slept.

describe('provider failover: a per-provider breaker shared by every sender', () => {
  let tables: TestTables;
  beforeAll(async () => {
    tables = await useTables();
  });

  it('opens on the error rate, fails over to the next provider, probes after the wait and closes, logging both switches with reasons', async () => {
    const clock = testClock();
    const first = countingProvider('SNS', clock);
    const second = countingProvider('HTTP', clock);
    const providers = { SNS_SMS: first.provider, HTTP_SMS: second.provider };
    // Three containers sending side by side.
    const senders = [0, 1, 2].map(() => senderOf(tables, clock, providers));
    const records = smsRecords(60, clock.now());
    await senders[0]!.deps.sendRecords.createAll(records);

    // Healthy: everything through the first provider.
    for (const [i, r] of records.slice(0, 9).entries()) expect(await sendRecord(senders[i % 3]!.deps, r.sendId)).toMatchObject({ status: 'SUCCESS' });
    expect(first.state.calls).toHaveLength(9);

    // The first provider goes down mid-run: failures are bounded, then sending continues on the second.
    first.state.down = true;
    clock.advance(2_000);
    const outcomes = [];
    for (const [i, r] of records.slice(9, 40).entries()) {
      outcomes.push(await sendRecord(senders[i % 3]!.deps, r.sendId));
      clock.advance(100);
    }
    const failedOnFirst = outcomes.filter((o) => 'status' in o && o.status === 'FAILED').length;
    expect(failedOnFirst).toBeGreaterThan(0);
    // The bound: enough errors to reach the error rate over the window (as many as the 9 successes in
    // it), plus at most one more per other container (its cached breaker is under a second old, and
    // its own failure makes it read the breaker afresh).
    expect(failedOnFirst).toBeLessThanOrEqual(9 + senders.length - 1);
    expect(outcomes.slice(failedOnFirst).every((o) => 'status' in o && o.status === 'SUCCESS')).toBe(true);
    expect(second.state.calls.length).toBe(31 - failedOnFirst);
    expect((await senders[1]!.guard.status('SNS_SMS')).state.phase).toBe('OPEN');

    // Not yet time to probe: still on the second.
    clock.advance(10_000);
    expect(await sendRecord(senders[0]!.deps, records[40]!.sendId)).toMatchObject({ status: 'SUCCESS' });
    expect(second.state.calls.at(-1)!.sendId).toBe(records[40]!.sendId);

    // A probe while still down re-opens quietly; after the wait a probe finds it recovered and closes.
    clock.advance(25_000);
    expect(await sendRecord(senders[1]!.deps, records[41]!.sendId)).toMatchObject({ status: 'FAILED' });
    expect((await senders[1]!.guard.status('SNS_SMS')).state.phase).toBe('OPEN');
    first.state.down = false;
    clock.advance(31_000);
    expect(await sendRecord(senders[2]!.deps, records[42]!.sendId)).toMatchObject({ status: 'SUCCESS' });
    expect(first.state.calls.at(-1)!.sendId).toBe(records[42]!.sendId);
    expect((await senders[0]!.guard.status('SNS_SMS')).state.phase).toBe('CLOSED');
    clock.advance(1_500);
    for (const r of records.slice(43, 46)) await sendRecord(senders[0]!.deps, r.sendId);
    expect(first.state.calls.slice(-3).map((m) => m.sendId)).toEqual(records.slice(43, 46).map((r) => r.sendId));

    const logs = await querySwitchLogs(tables.doc, tables.name('audit'), { limit: 20 }, clock.now());
    const switches = logs.items.filter((l) => l.change === 'PROVIDER').reverse();
    expect(switches.map((l) => [l.user, l.sendTypeId, l.fromProvider, l.toProvider])).toEqual([
      ['system', failoverSendType.id, 'SNS_SMS', 'HTTP_SMS'],
      ['system', failoverSendType.id, 'HTTP_SMS', 'SNS_SMS'],
    ]);
    expect(switches[0]!.reason).toMatch(/错误率 \d+%.*error rate/);
    expect(switches[1]!.reason).toContain('probe succeeded');
  });

  it('an operator forces a provider out and back (no probing while forced), each switch logged with the operator and reason', async () => {
    const clock = testClock('2026-12-02T08:00:00.000Z');
    const first = countingProvider('SNS', clock);
    const second = countingProvider('HTTP', clock);
    const { deps, guard } = senderOf(tables, clock, { SNS_SMS: first.provider, HTTP_SMS: second.provider });
    const records = smsRecords(3, clock.now(), { requestNo: 'forced' });
    await deps.sendRecords.createAll(records);
    await guard.force('SNS_SMS', 'OPEN', 'ops1', '服务商维护 (maintenance)');
    clock.advance(3_600_000);
    await sendRecord(deps, records[0]!.sendId);
    expect(second.state.calls).toHaveLength(1);
    expect(first.state.calls).toHaveLength(0);
    await guard.force('SNS_SMS', 'CLOSED', 'ops1', '维护结束 (maintenance over)');
    await sendRecord(deps, records[1]!.sendId);
    expect(first.state.calls).toHaveLength(1);
    const logs = await querySwitchLogs(tables.doc, tables.name('audit'), { limit: 20, from: '2026-12-02', to: '2026-12-02' }, clock.now());
    expect(logs.items.map((l) => [l.user, l.provider, l.reason])).toEqual([
      ['ops1', 'SNS_SMS', '手工恢复 SNS_SMS: 维护结束 (maintenance over)'],
      ['ops1', 'SNS_SMS', '手工切出 SNS_SMS: 服务商维护 (maintenance)'],
    ]);
  });
});
