import { describe, expect, it } from 'vitest';
import type { SendType } from '#contracts/config-platform';
import { createProviderGuard } from '#core/failover/provider-guard';
import type { BreakerState, BreakerStore, WindowCounts } from '#core/failover/ports';

// How often a sender adds its outcomes to the shared breaker window: at most every 30 s (half the
// window) while all goes well (the window's counts are a write each, on every delivered message's bill), at
// once on a failure, carrying the successes counted before it so the error rate is not overstated.

const sendType: SendType = { id: 'ST_SMS', name: 'SMS', channel: 'SMS', provider: 'SNS_SMS', providers: ['SNS_SMS', 'HTTP_SMS'], settings: {}, enabled: true };

const memoryBreakers = () => {
  const writes: { bucket: string; counts: WindowCounts }[] = [];
  const store: BreakerStore = {
    read: async (provider) => ({ provider, phase: 'CLOSED', since: new Date(0).toISOString(), version: 0 }) as BreakerState,
    transition: async () => true,
    count: async (_provider, at, counts) => void writes.push({ bucket: at.toISOString(), counts }),
    window: async () => writes.reduce((sum, w) => ({ calls: sum.calls + w.counts.calls, errors: sum.errors + w.counts.errors }), { calls: 0, errors: 0 }),
  };
  return { store, writes };
};

const guardAt = (clock: { at: number }, breakers: BreakerStore) =>
  createProviderGuard({
    breakers,
    limiter: { acquire: async (_p, wanted) => ({ granted: wanted, retryAt: new Date(clock.at + 1000).toISOString() }) },
    switches: { record: async () => undefined },
    rateLimit: async () => 20,
    now: () => new Date(clock.at),
    newId: () => 'id',
  });

const sendOne = async (guard: ReturnType<typeof createProviderGuard>, errors = 0) => {
  const route = await guard.route(sendType, 1);
  if (route.kind !== 'send') throw new Error('expected to send');
  await guard.report(sendType, route.choice, { calls: 1, errors });
};

describe('breaker window counts', () => {
  it('a sender paced one message every 2.5 s writes its counts every 30 s, not once per message; 50 calls are written at once', async () => {
    const clock = { at: Date.parse('2026-12-02T08:00:00.000Z') };
    const breakers = memoryBreakers();
    const guard = guardAt(clock, breakers.store);
    for (let i = 0; i < 20; i++) {
      await sendOne(guard);
      clock.at += 2_500;
    }
    // 50 s of messages: the first message 30 s after the last write writes what came before it, in the bucket it began in.
    expect(breakers.writes).toEqual([{ bucket: '2026-12-02T08:00:00.000Z', counts: { calls: 12, errors: 0 } }]);
    for (let i = 0; i < 50; i++) await sendOne(guard);
    expect(breakers.writes.map((w) => w.counts.calls)).toEqual([12, 50]);
  });

  it('a failure is counted at once, with the successes before it', async () => {
    const clock = { at: Date.parse('2026-12-02T08:00:00.000Z') };
    const breakers = memoryBreakers();
    const guard = guardAt(clock, breakers.store);
    for (let i = 0; i < 3; i++) {
      await sendOne(guard);
      clock.at += 1_000;
    }
    expect(breakers.writes).toHaveLength(0);
    await sendOne(guard, 1);
    expect(breakers.writes).toEqual([{ bucket: '2026-12-02T08:00:00.000Z', counts: { calls: 4, errors: 1 } }]);
  });

  it("a failure in a new bucket is counted in that bucket, the successes before it in theirs (the newest bucket's rate sees it)", async () => {
    const clock = { at: Date.parse('2026-12-02T08:00:05.000Z') };
    const breakers = memoryBreakers();
    const guard = guardAt(clock, breakers.store);
    await sendOne(guard);
    clock.at += 10_000;
    await sendOne(guard, 1);
    expect(breakers.writes).toEqual([
      { bucket: '2026-12-02T08:00:00.000Z', counts: { calls: 1, errors: 0 } },
      { bucket: '2026-12-02T08:00:10.000Z', counts: { calls: 1, errors: 1 } },
    ]);
  });
});
