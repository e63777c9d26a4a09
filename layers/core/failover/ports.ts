import type { SwitchLog } from '#contracts/admin';
import type { ProviderKind } from '#contracts/config-platform';

// What provider failover and rate limiting need from storage (DynamoDB in AWS: provider-guard-store.ts),
// so that every Lambda sees the same breaker state and shares the same per-second allowance.

export type BreakerPhase = 'CLOSED' | 'OPEN' | 'HALF_OPEN';

export interface BreakerState {
  provider: ProviderKind;
  phase: BreakerPhase;
  /** When the phase began. */
  since: string;
  /** OPEN: when a probe may be tried. */
  openUntil?: string | undefined;
  /** HALF_OPEN: the probe's claim lasts until then (a sender that died mid-probe frees it). */
  probeUntil?: string | undefined;
  /** Set by an operator: an OPEN breaker is not probed until an operator closes it. */
  forcedBy?: string | undefined;
  reason?: string | undefined;
  /** Bumped on every change: transitions are conditional on it. */
  version: number;
}

export interface WindowCounts {
  calls: number;
  errors: number;
}

export interface BreakerStore {
  /** The provider's breaker (CLOSED, version 0 when never written). */
  read(provider: ProviderKind): Promise<BreakerState>;
  /** Writes `next` only if the stored version is still `expected.version`; false when another sender moved first. */
  transition(expected: BreakerState, next: BreakerState): Promise<boolean>;
  /** Adds outcomes to the bucket of `at`. */
  count(provider: ProviderKind, at: Date, counts: WindowCounts): Promise<void>;
  /** Outcomes of the buckets starting at `from` … `to` (bucket starts). */
  window(provider: ProviderKind, from: Date, to: Date): Promise<WindowCounts>;
}

export interface RateAllowance {
  /** Messages that may be sent now (0 … wanted). */
  granted: number;
  /** When more may be asked for, if fewer than wanted were granted. */
  retryAt: string;
  /** Seconds after this one in each of which one message was reserved too (with `ahead`). */
  ahead?: number | undefined;
}

export interface RateLimiter {
  /**
   * Takes up to `wanted` of the provider's messages-per-second allowance, shared by every sender;
   * with `ahead`, in the same write one message of each of up to that many following seconds too (as
   * many as one write covers, all or none), for a sender that sends about one message a second.
   */
  acquire(provider: ProviderKind, wanted: number, limitPerSecond: number, now: Date, ahead?: number): Promise<RateAllowance>;
}

export interface SwitchLogSink {
  record(entry: SwitchLog): Promise<void>;
}
