import type { ProviderKind } from '#contracts/config-platform';
import { LEASE_SHARE, windowLeases } from '#core/limits/window-leases';
import type { RateLimiter } from './ports.ts';

/** A sender that took from the provider this recently (seconds) sends about once a second or two. */
const ACTIVE_S = 10;
/** Following seconds such a sender asks to reserve one message of (the store grants what one write covers). */
const AHEAD_S = 9;

/**
 * A provider's per-second allowance spent from this container's leases of each second
 * (core/limits/window-leases.ts): a busy sender takes its second's messages in a few writes instead
 * of one per message; the shared count still never passes the limit. A sender paced about one message
 * a second reserves, with its take, one message of each of the next seconds (at most 1/20 of the
 * limit, as a lease): one write for the next few messages instead of one each. What that costs: a
 * reserved message the sender does not send is lost to the others in that second.
 */
export const leasedLimiter = (inner: RateLimiter): RateLimiter => {
  const leases = windowLeases();
  const reserved = new Map<ProviderKind, Map<number, number>>();
  const lastSent = new Map<ProviderKind, number>();
  return {
    async acquire(provider, wanted, limitPerSecond, now) {
      const second = Math.floor(now.getTime() / 1000);
      let retryAt = new Date((second + 1) * 1000).toISOString();
      const mine = reserved.get(provider) ?? new Map<number, number>();
      reserved.set(provider, mine);
      for (const s of mine.keys()) if (s < second) mine.delete(s);
      const fromReserved = Math.min(wanted, mine.get(second) ?? 0);
      if (fromReserved) mine.set(second, mine.get(second)! - fromReserved);
      const limit = Math.max(1, Math.floor(limitPerSecond));
      const last = lastSent.get(provider);
      const paced = last !== undefined && last < second && last >= second - ACTIVE_S && limit >= LEASE_SHARE && ![...mine.keys()].some((s) => s > second);
      const granted =
        fromReserved === wanted
          ? 0
          : await leases.take(provider, second, wanted - fromReserved, limit, async (n) => {
              const allowance = await inner.acquire(provider, n, limitPerSecond, now, n === 1 && paced ? AHEAD_S : 0);
              for (let i = 1; i <= (allowance.ahead ?? 0); i++) mine.set(second + i, (mine.get(second + i) ?? 0) + 1);
              retryAt = allowance.retryAt;
              return allowance.granted;
            });
      if (fromReserved + granted > 0) lastSent.set(provider, second);
      return { granted: fromReserved + granted, retryAt };
    },
  };
};
