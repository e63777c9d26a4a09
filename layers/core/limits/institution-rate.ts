import type { ConfigReader } from '../config-port.ts';
import { DomainError } from '../errors.ts';
import { readParameter } from '../parameters.ts';
import { windowLeases } from './window-leases.ts';

// Per-institution request rates (beyond API Gateway's per-route buckets, which all callers share):
// a fixed one-minute window per institution and route, counted in DynamoDB with a conditional add so
// concurrent Lambdas never count past the limit, and spent from growing per-container leases
// (window-leases.ts), so a busy function writes a few times a minute rather than once per call.

export const RATE_WINDOW_MS = 60_000;

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

/** One enforcer per container (its leases live as long as it does). */
export const institutionRate = (deps: InstitutionRateDeps) => {
  const leases = windowLeases();
  return async (caller: RatedCaller): Promise<void> => {
    const limit = caller.rateLimitPerMinute ?? (await readParameter(deps.config, 'API_RATE_LIMIT_PER_MINUTE'));
    if (limit <= 0) return;
    const windowStart = Math.floor(deps.now().getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
    const key = rateKey(deps.scope, caller.institution, windowStart);
    const granted = await leases.take(`${deps.scope}#${caller.institution}`, windowStart / RATE_WINDOW_MS, 1, limit, (n) => deps.counter.take(key, n, limit, new Date(windowStart + RATE_WINDOW_MS)));
    if (granted === 0) {
      throw new DomainError(
        'RATE_LIMITED',
        `系统标识 ${caller.institution} 请求过于频繁，每分钟最多 ${limit} 次，请稍后重试 (rate limit of ${limit} requests per minute exceeded; retry after the minute)`,
        'x-api-key',
      );
    }
  };
};
