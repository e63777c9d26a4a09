// Leases of a fixed-window limit counted in DynamoDB (an institution's minute, a provider's second):
// a container takes calls from the shared window in leases and spends them locally, growing the
// lease as it is used (1, 1, 2, 4… — never more than it has already spent in the window, or in the
// window just before, nor 1/20 of the limit). A busy container then writes once or twice a window
// instead of once per call, an idle one once per call as before, and the limit still holds exactly
// (leases come out of the same count). What it costs: calls leased but unspent when the window ends
// are lost, so a caller spread over many containers may be refused slightly early (each warm
// container holds at most 1/20 of the limit, and at most as much as it spent in this window or the
// one before). Concurrent calls in one container wait for one take.

/** A lease is at most this share of the limit. */
export const LEASE_SHARE = 20;

/** How many calls the next take asks for: as many as spent so far in the window, within the share. */
export const leaseSize = (taken: number, limit: number): number => Math.max(1, Math.min(taken, Math.floor(limit / LEASE_SHARE)));

interface Lease {
  window: number;
  left: number;
  taken: number;
  /** What this container took in the window just before: a busy one starts at its pace. */
  pace: number;
  /** The window had no more: leases are never given back, so it stays full. */
  full: boolean;
  taking?: Promise<void> | undefined;
}

export interface WindowLeases {
  /**
   * Up to `wanted` calls of `scope`'s window `window` (windows numbered consecutively: epoch second,
   * minute…), from this container's lease, taking more from the shared count with `fromStore(n)`
   * (which grants what fits, 0 when the window is full).
   */
  take(scope: string, window: number, wanted: number, limit: number, fromStore: (n: number) => Promise<number>): Promise<number>;
}

/** One per container: its leases live as long as it does. */
export const windowLeases = (): WindowLeases => {
  const leases = new Map<string, Lease>();
  const leaseOf = (scope: string, window: number): Lease => {
    const key = `${scope}\u0000${window}`;
    const existing = leases.get(key);
    if (existing) return existing;
    // A new window: the scope's earlier ones are over; the one just before sets the pace.
    let pace = 0;
    for (const [old, lease] of leases) {
      if (!old.startsWith(`${scope}\u0000`)) continue;
      if (lease.window === window - 1) pace = lease.taken;
      leases.delete(old);
    }
    const lease: Lease = { window, left: 0, taken: 0, pace, full: false };
    leases.set(key, lease);
    return lease;
  };
  return {
    async take(scope, window, wanted, limit, fromStore) {
      const lease = leaseOf(scope, window);
      while (lease.left < wanted && !lease.full) {
        const asked = Math.max(wanted - lease.left, leaseSize(Math.max(lease.taken, lease.pace), limit));
        lease.taking ??= fromStore(asked)
          .then((granted) => {
            lease.left += granted;
            lease.taken += granted;
            // Less than asked: what was left of the window (fromStore grants what fits).
            lease.full = granted < asked;
          })
          .finally(() => {
            lease.taking = undefined;
          });
        await lease.taking;
      }
      const granted = Math.min(wanted, lease.left);
      lease.left -= granted;
      return granted;
    },
  };
};
