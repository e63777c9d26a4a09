import type { SwitchLog } from '#contracts/admin';
import type { ProviderKind, SendType } from '#contracts/config-platform';
import { DEFAULT_BREAKER_POLICY, bucketOf, percent, shouldOpen, usable, type BreakerPolicy } from './breaker-policy.ts';
import type { BreakerState, BreakerStore, RateLimiter, SwitchLogSink, WindowCounts } from './ports.ts';

// Provider failover and rate limits, around the provider call (SPEC §11; docs/ARCHITECTURE.md →
// "Providers: failover and rate limits"). A send type lists its providers in order; sending goes to the
// first whose breaker lets it, and takes its messages from that provider's per-second allowance.
// Outcomes are counted per container and added to the shared window at most every 30 s while all goes
// well (at once on a failure, with the successes counted so far; after 50 calls at the latest), so the
// counters are no hot key and a paced sender writes them twice a minute, not per message; a container
// re-reads a breaker at most once a second.

export interface ProviderGuardDeps {
  breakers: BreakerStore;
  limiter: RateLimiter;
  switches: SwitchLogSink;
  /** Messages per second the provider takes (platform parameter PROVIDER_RATE_LIMITS). */
  rateLimit: (provider: ProviderKind) => Promise<number>;
  now: () => Date;
  newId: () => string;
  policy?: BreakerPolicy;
}

export interface ProviderChoice {
  provider: ProviderKind;
  /** This sender holds the provider's one probe: its outcome closes or re-opens the breaker. */
  probe: boolean;
  state: BreakerState;
}

export type Route = { kind: 'send'; choice: ProviderChoice; granted: number } | { kind: 'wait'; until: string; reason: string };

/** The providers of a send type, in the order tried (`providers`, else the single `provider`). */
export const providersOf = (sendType: Pick<SendType, 'provider'> & { providers?: ProviderKind[] | undefined }): ProviderKind[] =>
  sendType.providers?.length ? sendType.providers : [sendType.provider];

const CACHE_MS = 1_000;
const FLUSH_CALLS = 50;
/** Successes alone are added at most this often (half the window): they only dilute an error rate. */
const SUCCESS_FLUSH_MS = 30_000;
/** All providers of a send type unavailable: look again after this long. */
const ALL_OPEN_RETRY_MS = 5_000;

const SYSTEM = 'system';

export const createProviderGuard = (deps: ProviderGuardDeps) => {
  const policy = deps.policy ?? DEFAULT_BREAKER_POLICY;
  const cache = new Map<ProviderKind, { state: BreakerState; readAt: number }>();
  const pending = new Map<ProviderKind, WindowCounts & { since: number }>();

  const stateOf = async (provider: ProviderKind, fresh = false): Promise<BreakerState> => {
    const hit = cache.get(provider);
    if (!fresh && hit && deps.now().getTime() - hit.readAt < CACHE_MS) return hit.state;
    const state = await deps.breakers.read(provider);
    cache.set(provider, { state, readAt: deps.now().getTime() });
    return state;
  };

  const move = async (from: BreakerState, next: Omit<BreakerState, 'provider' | 'version'>): Promise<BreakerState | undefined> => {
    const state: BreakerState = { ...next, provider: from.provider, version: from.version + 1 };
    if (!(await deps.breakers.transition(from, state))) {
      cache.delete(from.provider);
      return undefined;
    }
    cache.set(from.provider, { state, readAt: deps.now().getTime() });
    return state;
  };

  /** The buckets of the sliding window that ends now. */
  const windowOf = (provider: ProviderKind, now: Date) => deps.breakers.window(provider, bucketOf(new Date(now.getTime() - policy.windowMs + policy.bucketMs), policy), bucketOf(now, policy));

  const log = (entry: Omit<SwitchLog, 'id' | 'at' | 'change'>) =>
    deps.switches.record({ id: deps.newId(), at: deps.now().toISOString(), change: 'PROVIDER', ...entry } as SwitchLog);

  /** The provider after `provider` in the send type's order (where its traffic goes while it is open). */
  const nextAfter = (order: ProviderKind[], provider: ProviderKind) => order[order.indexOf(provider) + 1];

  const choose = async (order: ProviderKind[]): Promise<ProviderChoice | undefined> => {
    for (const provider of order) {
      const state = await stateOf(provider);
      const verdict = usable(state, deps.now());
      if (verdict === 'yes') return { provider, probe: false, state };
      if (verdict === 'probe') {
        const now = deps.now();
        const claimed = await move(state, { phase: 'HALF_OPEN', since: now.toISOString(), probeUntil: new Date(now.getTime() + policy.probeMs).toISOString(), reason: state.reason });
        if (claimed) return { provider, probe: true, state: claimed };
      }
    }
    return undefined;
  };

  /**
   * Adds this container's counts to the bucket they began in: after 30 s once that bucket has ended,
   * after 50 calls, or `now`; with `ended`, whenever that bucket has ended (before a failure is
   * counted, so the failure lands in the current bucket, where the newest-bucket rule looks).
   */
  const flush = async (provider: ProviderKind, when: 'due' | 'ended' | 'now'): Promise<boolean> => {
    const counts = pending.get(provider);
    if (!counts || counts.calls === 0) return false;
    const bucket = bucketOf(new Date(counts.since), policy);
    const ended = bucket.getTime() !== bucketOf(deps.now(), policy).getTime();
    // Successes wait (half a window): they only dilute an error rate, and a failure flushes them with it.
    const due = (ended && (when === 'ended' || deps.now().getTime() - counts.since >= SUCCESS_FLUSH_MS)) || counts.calls >= FLUSH_CALLS;
    if (when !== 'now' && !due) return false;
    pending.delete(provider);
    await deps.breakers.count(provider, bucket, { calls: counts.calls, errors: counts.errors });
    return true;
  };

  const reportProbe = async (sendType: SendType, choice: ProviderChoice, counts: WindowCounts) => {
    const now = deps.now();
    const order = providersOf(sendType);
    if (counts.errors === 0) {
      const closed = await move(choice.state, { phase: 'CLOSED', since: now.toISOString(), reason: '探测成功 (probe succeeded)' });
      const from = nextAfter(order, choice.provider);
      if (closed) await log({ user: SYSTEM, sendTypeId: sendType.id, provider: choice.provider, ...(from ? { fromProvider: from } : {}), toProvider: choice.provider, reason: `服务商 ${choice.provider} 探测成功, 恢复发送 (probe succeeded; back to ${choice.provider})` });
      return;
    }
    await move(choice.state, { phase: 'OPEN', since: now.toISOString(), openUntil: new Date(now.getTime() + policy.openMs).toISOString(), reason: `探测失败 (probe failed)` });
  };

  return {
    /** Where this record's messages go now and how many of them may go: or how long to wait, without an attempt. */
    async route(sendType: SendType, wanted: number): Promise<Route> {
      const order = providersOf(sendType);
      const choice = await choose(order);
      const now = deps.now();
      if (!choice) {
        const until = new Date(now.getTime() + ALL_OPEN_RETRY_MS).toISOString();
        return { kind: 'wait', until, reason: `派发方式 ${sendType.id} 的服务商均已熔断 (every provider's breaker is open: ${order.join(', ')})` };
      }
      const allowance = await deps.limiter.acquire(choice.provider, wanted, await deps.rateLimit(choice.provider), now);
      if (allowance.granted === 0) {
        // The probe goes to whoever sends next; this sender has nothing to probe with.
        if (choice.probe) await move(choice.state, { phase: 'OPEN', since: choice.state.since, openUntil: now.toISOString(), reason: choice.state.reason });
        return { kind: 'wait', until: allowance.retryAt, reason: `服务商 ${choice.provider} 限流 (rate limit)` };
      }
      return { kind: 'send', choice, granted: allowance.granted };
    },

    /** What the provider did with this record's messages: `errors` are provider faults (retryable), not refusals or throttling. */
    async report(sendType: SendType, choice: ProviderChoice, counts: WindowCounts): Promise<void> {
      if (choice.probe) return reportProbe(sendType, choice, counts);
      if (counts.calls === 0) return;
      await flush(choice.provider, counts.errors > 0 ? 'ended' : 'due');
      const mine = pending.get(choice.provider) ?? { calls: 0, errors: 0, since: deps.now().getTime() };
      pending.set(choice.provider, { calls: mine.calls + counts.calls, errors: mine.errors + counts.errors, since: mine.since });
      if (!(await flush(choice.provider, counts.errors > 0 ? 'now' : 'due')) || counts.errors === 0) return;
      const state = await stateOf(choice.provider, true);
      if (state.phase !== 'CLOSED') return;
      const now = deps.now();
      // The whole window, or its newest bucket alone: a healthy minute before an outage would
      // otherwise take as many failures as it had successes to outweigh.
      const whole = await windowOf(choice.provider, now);
      const window = shouldOpen(whole, policy) ? whole : await deps.breakers.window(choice.provider, bucketOf(now, policy), bucketOf(now, policy));
      if (!shouldOpen(window, policy)) return;
      const seconds = (window === whole ? policy.windowMs : policy.bucketMs) / 1000;
      const reason = `错误率 ${percent(window)} (${window.calls} 次中 ${window.errors} 次失败, ${seconds} 秒内) (error rate ${percent(window)} over ${window.calls} calls in ${seconds}s)`;
      const opened = await move(state, { phase: 'OPEN', since: now.toISOString(), openUntil: new Date(now.getTime() + policy.openMs).toISOString(), reason });
      const to = nextAfter(providersOf(sendType), choice.provider);
      if (opened) await log({ user: SYSTEM, sendTypeId: sendType.id, provider: choice.provider, fromProvider: choice.provider, ...(to ? { toProvider: to } : {}), reason: `服务商 ${choice.provider} 熔断: ${reason}` });
    },

    /** An operator opens (no probing until closed again) or closes a provider's breaker; logged with the reason. */
    async force(provider: ProviderKind, phase: 'OPEN' | 'CLOSED', user: string, reason: string): Promise<BreakerState> {
      for (;;) {
        const state = await stateOf(provider, true);
        const now = deps.now();
        const moved = await move(state, phase === 'OPEN' ? { phase, since: now.toISOString(), forcedBy: user, reason } : { phase, since: now.toISOString(), reason });
        if (!moved) continue;
        await log({ user, provider, ...(phase === 'OPEN' ? { fromProvider: provider } : { toProvider: provider }), reason: `${phase === 'OPEN' ? '手工切出' : '手工恢复'} ${provider}: ${reason}` });
        return moved;
      }
    },

    /** The provider's breaker and its window's counts (the admin centre's provider page). */
    async status(provider: ProviderKind): Promise<{ state: BreakerState; window: WindowCounts }> {
      const now = deps.now();
      const [state, window] = await Promise.all([stateOf(provider, true), windowOf(provider, now)]);
      return { state, window };
    },
  };
};

export type ProviderGuard = ReturnType<typeof createProviderGuard>;
