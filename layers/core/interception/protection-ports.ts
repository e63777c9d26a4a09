import type { ListEntry } from '#contracts/config-protection';

/** Key lookups in the protection lists (never scans: lists can hold thousands of entries). */
export interface ListLookup {
  find(ids: { blacklist: string[]; whitelist: string[]; emailDomains: string[] }): Promise<{
    blacklist: Map<string, ListEntry>;
    whitelist: Map<string, ListEntry>;
    emailDomains: Set<string>;
  }>;
}

/** One recipient to count against the caps of its business type and channel. */
export interface CapRequest {
  /** `<bizType>#<channel>#<recipient>`: who is being counted. */
  scope: string;
  /** Local day and hour (in the strategy's zone) the count belongs to. */
  day: string;
  hour: string;
  /** `sendId#index`: the same recipient of the same send record is counted once, however often it is screened. */
  countId: string;
  dailyCap?: number | undefined;
  hourlyCap?: number | undefined;
  /** When the counter may be deleted (TTL clean-up only). */
  expiresAt: Date;
}

/** COUNTED: under the caps and now counted; DUPLICATE: this countId was already counted (a redelivery). */
export type CapOutcome = 'COUNTED' | 'DUPLICATE' | 'DAILY_CAP' | 'HOURLY_CAP';

/** Atomic per-recipient counters: check-and-count is one conditional write, safe under concurrency. */
export interface CapCounter {
  count(requests: CapRequest[]): Promise<CapOutcome[]>;
}
