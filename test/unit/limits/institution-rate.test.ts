import { describe, expect, it } from 'vitest';
import { createRateCounter } from '#adapters/dynamo/rate-counter';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { RATE_WINDOW_MS, institutionRate, type RateCounter } from '#core/limits/institution-rate';
import { leaseSize } from '#core/limits/window-leases';
import { useTables } from '../../support/tables.ts';

// Per-institution rates with leases: a container takes calls from the shared one-minute window in
// growing leases, so it writes a few times a minute instead of once per call, and the limit holds
// across containers. The window is the real DynamoDB counter here, or a counting one in memory.

const noConfig: ConfigReader = { get: async () => undefined, list: async () => [] };

/** A window counter in memory, as the DynamoDB one behaves (grants what fits), counting its writes. */
const memoryCounter = () => {
  const counts = new Map<string, number>();
  let writes = 0;
  const counter: RateCounter = {
    async take(key, wanted, limit) {
      writes++;
      const granted = Math.max(0, Math.min(wanted, limit - (counts.get(key) ?? 0)));
      counts.set(key, (counts.get(key) ?? 0) + granted);
      return granted;
    },
  };
  return { counter, counts, writes: () => writes };
};

/** Each call's answer: true allowed, false refused (429). */
const calls = async (enforce: ReturnType<typeof institutionRate>, n: number, limit: number) => {
  const answers: boolean[] = [];
  for (let i = 0; i < n; i++) {
    answers.push(
      await enforce({ institution: 'OUTPLATFORM', rateLimitPerMinute: limit }).then(
        () => true,
        (error: unknown) => {
          if (error instanceof DomainError && error.code === 'RATE_LIMITED') return false;
          throw error;
        },
      ),
    );
  }
  return answers;
};

describe('institution rate leases', () => {
  const minute = new Date(Date.UTC(2026, 11, 2, 8, 0, 0));

  it('grows a lease with what the container spent, up to 1/20 of the limit', () => {
    expect([0, 1, 2, 4, 8, 16, 29, 100].map((taken) => leaseSize(taken, 600))).toEqual([1, 1, 2, 4, 8, 16, 29, 30]);
    // A small limit is counted call by call.
    expect([0, 1, 2].map((taken) => leaseSize(taken, 3))).toEqual([1, 1, 1]);
  });

  it('a busy container writes 9 times for 100 calls, not 100, and a full window refuses without writing', async () => {
    const memory = memoryCounter();
    const enforce = institutionRate({ config: noConfig, counter: memory.counter, now: () => minute, scope: 'sendMessage' });
    expect(await calls(enforce, 100, 600)).toEqual(Array(100).fill(true));
    expect(memory.writes()).toBe(9);

    const small = memoryCounter();
    const limited = institutionRate({ config: noConfig, counter: small.counter, now: () => minute, scope: 'sendMessage' });
    expect(await calls(limited, 10, 3)).toEqual([true, true, true, ...Array(7).fill(false)]);
    // 3 grants and the one refusal that found the window full: the other six cost nothing.
    expect(small.writes()).toBe(4);
  });

  it('calls at the same time in one container wait for one take instead of each taking (or losing) a lease', async () => {
    const memory = memoryCounter();
    const enforce = institutionRate({ config: noConfig, counter: memory.counter, now: () => minute, scope: 'sendMessage' });
    const answers = await Promise.all(Array.from({ length: 50 }, () => calls(enforce, 1, 600)));
    expect(answers.flat()).toEqual(Array(50).fill(true));
    // Leases of 1, 1, 2, 4, 8, 16, 30: seven takes, none lost.
    expect(memory.writes()).toBe(7);
    expect([...memory.counts.values()]).toEqual([62]);
  });

  it('starts the next minute at its pace when it was busy, and with a lease of one after an idle minute', async () => {
    const memory = memoryCounter();
    let now = minute;
    const enforce = institutionRate({ config: noConfig, counter: memory.counter, now: () => now, scope: 'sendMessage' });
    await calls(enforce, 40, 600);
    now = new Date(minute.getTime() + RATE_WINDOW_MS);
    const before = memory.writes();
    await calls(enforce, 30, 600);
    // One take of 30 (1/20 of 600) covers the next minute's first 30 calls.
    expect(memory.writes() - before).toBe(1);
    now = new Date(minute.getTime() + 3 * RATE_WINDOW_MS);
    await calls(enforce, 1, 600);
    expect([...memory.counts.values()].at(-1)).toBe(1);
  });

  it('holds the limit across six containers sharing the DynamoDB window, refusing at most their unspent leases early', async () => {
    const tables = await useTables();
    const counter = createRateCounter(tables.doc, tables.name('counters'));
    const containers = Array.from({ length: 6 }, () => institutionRate({ config: noConfig, counter, now: () => minute, scope: 'sendMessage' }));
    const limit = 200;
    // Every container calls at once, 60 calls each: 360 calls against 200.
    const answers = (await Promise.all(containers.map((enforce) => calls(enforce, 60, limit)))).flat();
    const allowed = answers.filter(Boolean).length;
    expect(allowed).toBeLessThanOrEqual(limit);
    // Unspent at the end: at most one lease per container, each at most 1/20 of the limit.
    expect(allowed).toBeGreaterThanOrEqual(limit - containers.length * (limit / 20));
  });
});
