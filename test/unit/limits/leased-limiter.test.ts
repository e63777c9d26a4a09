import { describe, expect, it } from 'vitest';
import { leasedLimiter } from '#core/failover/leased-limiter';
import type { RateLimiter } from '#core/failover/ports';

// A provider's per-second allowance through one sender's leases, over a shared count in memory that
// behaves as the DynamoDB one does (grants what fits of the second) and counts its writes.
const sharedSeconds = () => {
  const granted = new Map<string, number>();
  let writes = 0;
  const inner: RateLimiter = {
    async acquire(provider, wanted, limit, now) {
      writes++;
      const key = `${provider}#${Math.floor(now.getTime() / 1000)}`;
      const n = Math.max(0, Math.min(wanted, limit - (granted.get(key) ?? 0)));
      granted.set(key, (granted.get(key) ?? 0) + n);
      return { granted: n, retryAt: new Date(Math.floor(now.getTime() / 1000) * 1000 + 1000).toISOString() };
    },
  };
  return { inner, granted, writes: () => writes };
};

describe('leased provider allowance', () => {
  const now = new Date('2026-12-02T08:00:00.000Z');

  it('a busy sender takes 100 messages of a second in 8 writes, not 100', async () => {
    const shared = sharedSeconds();
    const limiter = leasedLimiter(shared.inner);
    let sent = 0;
    for (let i = 0; i < 100; i++) sent += (await limiter.acquire('OUTBOX', 1, 1000, now)).granted;
    expect(sent).toBe(100);
    // Leases of 1, 1, 2, 4, 8, 16, 32 and then 50 (1/20 of 1000).
    expect(shared.writes()).toBe(8);
    expect(shared.granted.get(`OUTBOX#${now.getTime() / 1000}`)).toBe(114);
  });

  it('a sender still busy in the next second starts there at its pace: 100 messages in 2 writes, not 8', async () => {
    const shared = sharedSeconds();
    const limiter = leasedLimiter(shared.inner);
    for (let i = 0; i < 100; i++) await limiter.acquire('OUTBOX', 1, 1000, now);
    const next = new Date(now.getTime() + 1000);
    for (let i = 0; i < 100; i++) await limiter.acquire('OUTBOX', 1, 1000, next);
    expect(shared.writes()).toBe(8 + 2);
    // After an idle second the pace is forgotten: a lease of 1 again.
    await limiter.acquire('OUTBOX', 1, 1000, new Date(now.getTime() + 3000));
    expect(shared.granted.get(`OUTBOX#${now.getTime() / 1000 + 3}`)).toBe(1);
  });

  it('a record of many recipients still asks for all of them at once', async () => {
    const shared = sharedSeconds();
    const limiter = leasedLimiter(shared.inner);
    expect(await limiter.acquire('SNS_SMS', 100, 20, now)).toMatchObject({ granted: 20 });
    expect(shared.writes()).toBe(1);
    // Granted less than asked: the second is spent, so later asks are refused without a write until the next one.
    expect(await limiter.acquire('SNS_SMS', 1, 20, now)).toMatchObject({ granted: 0, retryAt: '2026-12-02T08:00:01.000Z' });
    expect(await limiter.acquire('SNS_SMS', 1, 20, now)).toMatchObject({ granted: 0 });
    expect(shared.writes()).toBe(1);
    expect(await limiter.acquire('SNS_SMS', 1, 20, new Date(now.getTime() + 1000))).toMatchObject({ granted: 1 });
  });

  it('a slow provider (20 a second: leases of 1) is counted message by message, as before', async () => {
    const shared = sharedSeconds();
    const limiter = leasedLimiter(shared.inner);
    for (let i = 0; i < 10; i++) await limiter.acquire('SNS_SMS', 1, 20, now);
    expect(shared.writes()).toBe(10);
  });
});
