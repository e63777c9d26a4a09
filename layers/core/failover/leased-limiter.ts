import { windowLeases } from '#core/limits/window-leases';
import type { RateLimiter } from './ports.ts';

/**
 * A provider's per-second allowance spent from this container's leases of each second
 * (core/limits/window-leases.ts): a busy sender takes its second's messages in a few writes instead
 * of one per message; the shared count still never passes the limit.
 */
export const leasedLimiter = (inner: RateLimiter): RateLimiter => {
  const leases = windowLeases();
  return {
    async acquire(provider, wanted, limitPerSecond, now) {
      const second = Math.floor(now.getTime() / 1000);
      let retryAt = new Date((second + 1) * 1000).toISOString();
      const granted = await leases.take(provider, second, wanted, Math.max(1, Math.floor(limitPerSecond)), async (n) => {
        const allowance = await inner.acquire(provider, n, limitPerSecond, now);
        retryAt = allowance.retryAt;
        return allowance.granted;
      });
      return { granted, retryAt };
    },
  };
};
