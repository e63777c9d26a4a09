// Suppression (SPEC §9): an address the platform must stop sending to because the provider told us so
// (hard bounce, complaint, disabled push endpoint). Status-report ingestion writes suppressions
// through this port; the split skips suppressed recipients (recorded like interception); operators
// list and lift them in the admin centre (audited).

export type SuppressedChannel = 'EMAIL' | 'PUSH';
export type SuppressionReason = 'HARD_BOUNCE' | 'COMPLAINT' | 'ENDPOINT_DISABLED';

export interface Suppression {
  channel: SuppressedChannel;
  /** The e-mail address (lower-cased) or the device number. */
  address: string;
  reason: SuppressionReason;
  /** What said so: the report's id (MSG_REPORT) or the provider event's id. */
  source: string;
  at: string;
}

export interface SuppressionPort {
  /** Idempotent: suppressing an address twice keeps the first reason and time. */
  suppress(entry: Suppression): Promise<void>;
  /** The suppressed addresses among those given (one channel), for the split. */
  suppressedAmong(channel: SuppressedChannel, addresses: readonly string[]): Promise<Map<string, Suppression>>;
}
