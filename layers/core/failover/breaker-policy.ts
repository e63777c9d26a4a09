import type { BreakerState, WindowCounts } from './ports.ts';

// When a provider's breaker opens and closes: pure rules over the counts every sender shares.

export interface BreakerPolicy {
  /** The sliding window the error rate is taken over. */
  windowMs: number;
  /** Counts are kept per bucket of this length; the window is the buckets it covers. */
  bucketMs: number;
  /** Fewer calls than this in the window say nothing (one failure of two is no outage). */
  minCalls: number;
  /** Error rate (0…1) at or above which the breaker opens. */
  errorRate: number;
  /** How long an open breaker waits before a probe. */
  openMs: number;
  /** How long a probe's claim lasts. */
  probeMs: number;
}

export const DEFAULT_BREAKER_POLICY: BreakerPolicy = { windowMs: 60_000, bucketMs: 10_000, minCalls: 10, errorRate: 0.5, openMs: 30_000, probeMs: 30_000 };

/** The start of the bucket `at` falls in. */
export const bucketOf = (at: Date, policy: BreakerPolicy): Date => new Date(Math.floor(at.getTime() / policy.bucketMs) * policy.bucketMs);

/** Whether counts over the window open a closed breaker. */
export const shouldOpen = (counts: WindowCounts, policy: BreakerPolicy): boolean => counts.calls >= policy.minCalls && counts.errors / counts.calls >= policy.errorRate;

export const percent = (counts: WindowCounts): string => (counts.calls ? `${Math.round((100 * counts.errors) / counts.calls)}%` : '0%');

/** Whether a sender may send through the provider now, and whether as its one probe. */
export const usable = (state: BreakerState, now: Date): 'yes' | 'probe' | 'no' => {
  if (state.phase === 'CLOSED') return 'yes';
  if (state.forcedBy) return 'no';
  if (state.phase === 'OPEN') return state.openUntil && Date.parse(state.openUntil) <= now.getTime() ? 'probe' : 'no';
  // HALF_OPEN: another sender's probe is running, unless it died (its claim ran out).
  return state.probeUntil && Date.parse(state.probeUntil) <= now.getTime() ? 'probe' : 'no';
};
