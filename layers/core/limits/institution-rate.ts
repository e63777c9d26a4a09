import type { ConfigReader } from '../config-port.ts';
import { DomainError } from '../errors.ts';
import { readParameter } from '../parameters.ts';

// Per-institution request rates (beyond API Gateway's per-route buckets, which all callers share):
// a fixed one-minute window per institution and route, counted in DynamoDB with a conditional add so
// concurrent Lambdas never count past the limit.
//
// A container does not write once per call: it takes a lease of calls from the window and spends it
// locally, growing the lease as it is used (1, 1, 2, 4… — never more than it has already spent in
// the window, nor 1/20 of the limit). So a busy container writes a few times a minute, an idle one
// once per call as before, and the limit still holds exactly (leases come out of the same count).
// What it costs: calls leased but unspent when the minute ends are lost, so an institution spread
// over many containers may be refused slightly early (each warm container holds at most 1/20 of its
// limit, and at most as much as it spent).

export const RATE_WINDOW_MS = 60_000;
/** A lease is at most this share of the limit. */
const LEASE_SHARE = 20;

/** Takes up to `wanted` calls of a window holding at most `limit`: how many it got (0 when the window is full). */
export interface RateCounter {
  take: (key: string, wanted: number, limit: number, windowEndsAt: Date) => Promise<number>;
}

export interface InstitutionRateDeps {
  config: ConfigReader;
  counter: RateCounter;
  now: () => Date;
  /** Which bucket: the route's function (sendMessage, captchaSend…), so a status poller cannot spend the sends. */
  scope: string;
}

export interface RatedCaller {
  institution: string;
  /** The institution's own limit per minute (0 = none); absent → the API_RATE_LIMIT_PER_MINUTE parameter. */
  rateLimitPerMinute?: number | undefined;
}

export const rateKey = (scope: string, institution: string, windowStart: number): string => `RATE#${scope}#${institution}#${windowStart}`;

/** This container's lease of one window: calls still to spend, calls taken so far; full: the window had none left. */
interface Lease {
  left: number;
  taken: number;
  full: boolean;
  /** The take in flight: concurrent calls wait for it rather than each taking. */
  taking?: Promise<void> | undefined;
}

/** How many calls the next take asks for: as many as spent so far in the window, within the share. */
export const leaseSize = (taken: number, limit: number): number => Math.max(1, Math.min(taken, Math.floor(limit / LEASE_SHARE)));

/** One enforcer per container (its leases live as long as it does). */
export const institutionRate = (deps: InstitutionRateDeps) => {
  const leases = new Map<string, Lease>();
  const leaseOf = (scope: string, windowStart: number): Lease => {
    const existing = leases.get(scope + windowStart);
    if (existing) return existing;
    // A new window: the last one's leases are over.
    for (const old of leases.keys()) if (old.startsWith(scope)) leases.delete(old);
    const lease: Lease = { left: 0, taken: 0, full: false };
    leases.set(scope + windowStart, lease);
    return lease;
  };
  return async (caller: RatedCaller): Promise<void> => {
    const limit = caller.rateLimitPerMinute ?? (await readParameter(deps.config, 'API_RATE_LIMIT_PER_MINUTE'));
    if (limit <= 0) return;
    const windowStart = Math.floor(deps.now().getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
    const lease = leaseOf(`${deps.scope}#${caller.institution}#`, windowStart);
    // Leases are never given back, so a full window stays full: later calls are refused without a write.
    while (lease.left === 0 && !lease.full) {
      lease.taking ??= deps.counter
        .take(rateKey(deps.scope, caller.institution, windowStart), leaseSize(lease.taken, limit), limit, new Date(windowStart + RATE_WINDOW_MS))
        .then((granted) => {
          lease.left += granted;
          lease.taken += granted;
          lease.full = granted === 0;
        })
        .finally(() => {
          lease.taking = undefined;
        });
      await lease.taking;
    }
    if (lease.left === 0) {
      throw new DomainError(
        'RATE_LIMITED',
        `系统标识 ${caller.institution} 请求过于频繁，每分钟最多 ${limit} 次，请稍后重试 (rate limit of ${limit} requests per minute exceeded; retry after the minute)`,
        'x-api-key',
      );
    }
    lease.left--;
  };
};
