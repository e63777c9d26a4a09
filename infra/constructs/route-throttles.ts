import type { HttpTrigger, FunctionSpec } from '../manifest/types.ts';
import { queueTriggers } from '../manifest/bindings.ts';

// API Gateway throttles (token bucket per route, requests per second and burst) and Lambda reserved
// concurrency: what one noisy caller or one bulk send can take from everyone else.

export interface Throttle {
  rateLimit: number;
  burstLimit: number;
}

/** The stage default: sendMessage, the status query and every route without its own class. */
export const STAGE_THROTTLE: Throttle = { rateLimit: 200, burstLimit: 400 };

/**
 * Routes with their own bucket. Captcha send costs an SMS per call, so it is the tightest; verify is
 * cheap but guessable, so below the default; the admin centre is a few operators and has a bucket per
 * route, apart from the callers' (admin routes are matched by auth, so new ones are covered).
 */
export const ROUTE_THROTTLES = {
  captchaSend: { route: 'POST /api/hcmsg/captcha/send', throttle: { rateLimit: 20, burstLimit: 40 } },
  captchaVerify: { route: 'POST /api/hcmsg/captcha/verify', throttle: { rateLimit: 100, burstLimit: 200 } },
} as const;

export const ADMIN_THROTTLE: Throttle = { rateLimit: 25, burstLimit: 50 };

export const routeKeyOf = (trigger: HttpTrigger): string => (trigger.path === '$default' ? '$default' : `${trigger.method} ${trigger.path}`);

/** A route's own throttle, or undefined for the stage default. */
export const throttleOf = (trigger: HttpTrigger): Throttle | undefined => {
  if (trigger.auth === 'admin') return ADMIN_THROTTLE;
  return Object.values(ROUTE_THROTTLES).find((t) => t.route === routeKeyOf(trigger))?.throttle;
};

/**
 * A queue consumer's reserved concurrency: the sum of its lanes' event-source maximums. It caps what
 * bulk lanes can take from the account (so the API's unreserved pool stays free) and, with each lane's
 * own maximum, keeps the green lane's share free of the general lane's backlog. HTTP functions reserve
 * nothing: they draw on the unreserved pool this leaves.
 */
export const reservedConcurrencyOf = (spec: FunctionSpec): number | undefined => {
  const lanes = queueTriggers(spec);
  return lanes.length === 0 ? undefined : lanes.reduce((sum, t) => sum + t.maxConcurrency, 0);
};
