import { beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiter } from '#adapters/dynamo/provider-guard-store';
import { sendRecord } from '#core/delivery/send-record';
import { leasedLimiter } from '#core/failover/leased-limiter';
import type { RateLimiter } from '#core/failover/ports';
import { countingProvider, senderOf, smsRecords, testClock } from '../support/fakes/provider-fakes.ts';
import { useTables, type TestTables } from '../support/tables.ts';

describe('provider rate limits hold across concurrent senders (shared in DynamoDB Local)', () => {
  let tables: TestTables;
  beforeAll(async () => {
    tables = await useTables();
  });

  it('10 concurrent senders never pass 5 messages a second; every message goes, none loses an attempt or becomes UNSENDABLE', async () => {
    const clock = testClock();
    const fake = countingProvider('SNS', clock);
    const senders = Array.from({ length: 10 }, () => senderOf(tables, clock, { SNS_SMS: fake.provider }, 5));
    // A send limit of 1: one lost attempt to throttling would make a record UNSENDABLE.
    const records = smsRecords(40, clock.now(), { sendLimit: 1 });
    await senders[0]!.deps.sendRecords.createAll(records);
    const open = new Set(records.map((r) => r.sendId));
    const outcomes = new Map<string, number>();
    for (let second = 0; second < 30 && open.size; second++) {
      // Every sender takes its share of what is still open, all at once.
      const ids = [...open];
      await Promise.all(
        senders.map(async (s, i) => {
          for (const id of ids.filter((_, n) => n % 10 === i)) {
            const outcome = await sendRecord(s.deps, id);
            outcomes.set(outcome.outcome, (outcomes.get(outcome.outcome) ?? 0) + 1);
            if (outcome.outcome === 'sent') open.delete(id);
          }
        }),
      );
      clock.advance(1_000);
    }
    expect(open.size).toBe(0);
    expect(outcomes.get('throttled')).toBeGreaterThan(0);
    expect(fake.busiestSecond()).toBeLessThanOrEqual(5);
    expect(fake.state.calls).toHaveLength(40);
    const stored = await Promise.all(records.map((r) => senders[0]!.deps.sendRecords.get(r.sendId)));
    expect(stored.map((r) => [r!.status, r!.sendCount])).toEqual(records.map(() => ['SUCCESS', 1]));
  });

  it('10 concurrent senders of a fast provider (100 a second) spend leases of the second: never past 100, every message sent once', async () => {
    const clock = testClock('2026-12-04T08:00:00.000Z');
    const fake = countingProvider('SNS', clock);
    const senders = Array.from({ length: 10 }, () => senderOf(tables, clock, { SNS_SMS: fake.provider }, 100));
    const records = smsRecords(300, clock.now(), { sendLimit: 1, requestNo: 'fast' });
    await senders[0]!.deps.sendRecords.createAll(records);
    const open = new Set(records.map((r) => r.sendId));
    for (let second = 0; second < 30 && open.size; second++) {
      const ids = [...open];
      await Promise.all(
        senders.map(async (s, i) => {
          for (const id of ids.filter((_, n) => n % 10 === i)) if ((await sendRecord(s.deps, id)).outcome === 'sent') open.delete(id);
        }),
      );
      clock.advance(1_000);
    }
    expect(open.size).toBe(0);
    expect(fake.busiestSecond()).toBeLessThanOrEqual(100);
    expect(fake.state.calls).toHaveLength(300);
    // Leases unspent at a second's end are lost, at most 5 (1/20 of 100) per sender: each second still
    // sends at least half its allowance, so 300 messages take at most 6 seconds, not 30.
    expect(fake.perSecond.size).toBeLessThanOrEqual(6);
  });

  it("a provider's own throttling answer is a retry after a delay, not a failed attempt", async () => {
    const clock = testClock('2026-12-03T08:00:00.000Z');
    const fake = countingProvider('SNS', clock);
    const { deps } = senderOf(tables, clock, { SNS_SMS: fake.provider });
    const [record] = smsRecords(1, clock.now(), { sendLimit: 1, requestNo: 'throttled' });
    await deps.sendRecords.createAll([record!]);
    fake.state.throttleNext = 3;
    for (let i = 0; i < 3; i++) {
      await sendRecord(deps, record!.sendId);
      const now = (await deps.sendRecords.get(record!.sendId))!;
      expect(now).toMatchObject({ status: 'UNSENT', sendCount: 0 });
      expect(now.recipients[0]!.status).toBe('UNSENT');
      clock.advance(1_000);
    }
    expect(await sendRecord(deps, record!.sendId)).toMatchObject({ status: 'SUCCESS' });
    expect(await deps.sendRecords.get(record!.sendId)).toMatchObject({ status: 'SUCCESS', sendCount: 1 });
  });

  it('a sender paced one message every 2.5 s reserves the rest of each 10-second block in one write (20 messages, 6 writes), and its reservations count against the limit', async () => {
    const store = createRateLimiter(tables.doc, tables.name('messages'));
    let writes = 0;
    const counted: RateLimiter = { acquire: (...args) => ((writes += 1), store.acquire(...args)) };
    const paced = leasedLimiter(counted);
    const start = Date.parse('2026-12-05T08:00:00.000Z');
    let sent = 0;
    for (let i = 0; i < 20; i++) sent += (await paced.acquire('SNS_SMS', 1, 20, new Date(start + i * 2_500))).granted;
    expect(sent).toBe(20);
    // Takes at 0 s (not yet paced), 2.5 s (and seconds 3–9 reserved), then the first message of each block.
    expect(writes).toBe(6);

    // Second 45 of that run: the paced sender holds one of its 20 messages, so a burst gets 19.
    const burst = leasedLimiter(createRateLimiter(tables.doc, tables.name('messages')));
    expect(await burst.acquire('SNS_SMS', 20, 20, new Date(start + 45_000))).toMatchObject({ granted: 19 });
    // A second nobody reserved: all 20.
    expect(await burst.acquire('SNS_SMS', 20, 20, new Date(start + 60_000))).toMatchObject({ granted: 20 });
  });
});
