import type { ConfigReader } from '../config-port.ts';
import { DomainError } from '../errors.ts';
import { readParameter } from '../parameters.ts';

// Per-institution request rates (beyond API Gateway's per-route buckets, which all callers share):
// a fixed one-minute window per institution and route, counted in DynamoDB with a conditional add so
// concurrent Lambdas never count past the limit.

export const RATE_WINDOW_MS = 60_000;

/** Counts one call in a window; false when the window already holds `limit` calls (nothing counted). */
export interface RateCounter {
  take: (key: string, limit: number, windowEndsAt: Date) => Promise<boolean>;
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

export const enforceInstitutionRate = async (deps: InstitutionRateDeps, caller: RatedCaller): Promise<void> => {
  const limit = caller.rateLimitPerMinute ?? (await readParameter(deps.config, 'API_RATE_LIMIT_PER_MINUTE'));
  if (limit <= 0) return;
  const windowStart = Math.floor(deps.now().getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  const allowed = await deps.counter.take(rateKey(deps.scope, caller.institution, windowStart), limit, new Date(windowStart + RATE_WINDOW_MS));
  if (!allowed) {
    throw new DomainError(
      'RATE_LIMITED',
      `系统标识 ${caller.institution} 请求过于频繁，每分钟最多 ${limit} 次，请稍后重试 (rate limit of ${limit} requests per minute exceeded; retry after the minute)`,
      'x-api-key',
    );
  }
};
