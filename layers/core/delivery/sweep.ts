import type { MessageRequest, SendRecord } from '#contracts/records';
import type { Log } from './ports.ts';
import { MAX_SPLIT_ATTEMPTS, STALE_MS, SWEEP_LAG_MS } from './timing.ts';

/**
 * An item of the pipeline as the in-flight sweep reads it from its day partition: its position
 * (`key`, in the order of acceptance), its state, and whether the pending index already holds it.
 */
export interface SweptItem {
  key: string;
  status: string;
  updatedAt: string;
  tracked: boolean;
}
export type SweptRequest = SweptItem & Pick<MessageRequest, 'institution' | 'requestNo' | 'attempts'> & { status: MessageRequest['status'] };
export type SweptSendRecord = SweptItem & Pick<SendRecord, 'sendId'> & { status: SendRecord['status'] };

/** One kind of pipeline item, read in acceptance order from where the last sweep stopped. */
export interface InFlightSource<T extends SweptItem> {
  /** Key of the last item the sweep walked past (everything up to it is final or tracked). */
  cursor(): Promise<string | undefined>;
  /** Items after `after` (or accepted from `from` when there is no cursor) and accepted before `before`, in key order. */
  read(after: string | undefined, from: Date, before: Date, limit: number): Promise<T[]>;
  /** Puts an item into the pending index, due at `dueAt`, if it did not change since it was read. */
  track(item: T, dueAt: string): Promise<boolean>;
  saveCursor(previous: string | undefined, next: string): Promise<boolean>;
}

export interface SweepReport {
  swept: number;
  tracked: number;
}

/** How far back a first sweep (no cursor yet) starts. */
const FIRST_SWEEP_MS = 24 * 60 * 60_000;
const PAGE = 500;
/** Items walked per run; a busier minute is caught up by the next runs. */
export const SWEEP_MAX_ITEMS = 20_000;

/**
 * 在途扫描: what no queue message carries any more (a message dead-lettered, lost with the machine
 * that held it, or never sent because the process died between its write and its enqueue) is found
 * here, without a write on the hot path. Items are read in the order they were accepted, once each,
 * SWEEP_LAG_MS after acceptance (by then a healthy pipeline has finished them); an unfinished one is
 * handed to the pending index, due when it should be retried, and the rescans take it from there.
 * Writes made after the sweep may have passed an item keep it in the pending index themselves
 * (TRACK_AFTER_MS), so the cursor never leaves anything unfinished behind it untracked.
 */
export const sweepInFlight = async <T extends SweptItem>(
  deps: { source: InFlightSource<T>; log: Log; maxItems?: number },
  dueAt: (item: T, now: Date) => string | undefined,
  now: Date,
): Promise<SweepReport> => {
  const report: SweepReport = { swept: 0, tracked: 0 };
  const before = new Date(now.getTime() - SWEEP_LAG_MS);
  const from = new Date(before.getTime() - FIRST_SWEEP_MS);
  const start = await deps.source.cursor();
  let after = start;
  const max = deps.maxItems ?? SWEEP_MAX_ITEMS;
  while (report.swept < max) {
    const items = await deps.source.read(after, from, before, Math.min(PAGE, max - report.swept));
    for (const item of items) {
      const due = item.tracked ? undefined : dueAt(item, now);
      // A failed condition means the item changed since it was read: that change tracked it if needed.
      if (due && (await deps.source.track(item, due))) {
        report.tracked++;
        deps.log.warn('in-flight item without a queue message handed to the rescan', { key: item.key, status: item.status });
      }
      after = item.key;
    }
    report.swept += items.length;
    if (items.length < PAGE) break;
  }
  if (after !== undefined && after !== start) await deps.source.saveCursor(start, after);
  return report;
};

const due = (at: number, now: Date) => new Date(Math.max(at, now.getTime())).toISOString();

/**
 * A request not final by now (INIT: its message is lost; a claim or a failure the split did not track).
 * `stuckMs`: the rescans' stuck age (parameter RESCAN_STUCK_MINUTES).
 */
export const requestDueAt = (item: SweptRequest, now: Date, stuckMs = STALE_MS): string | undefined => {
  if (item.status === 'SUCCESS' || item.status === 'INTERCEPTED') return undefined;
  if (item.status === 'FAILED' && item.attempts >= MAX_SPLIT_ATTEMPTS) return undefined;
  return item.status === 'PROCESSING' ? due(Date.parse(item.updatedAt) + stuckMs, now) : now.toISOString();
};

/** A send record not final by now: UNSENT or FAILED is due now, a SENDING claim when it is stuck. */
export const sendRecordDueAt = (item: SweptSendRecord, now: Date, stuckMs = STALE_MS): string | undefined => {
  if (item.status === 'SUCCESS' || item.status === 'UNSENDABLE' || item.status === 'CANCELLED') return undefined;
  return item.status === 'SENDING' ? due(Date.parse(item.updatedAt) + stuckMs, now) : now.toISOString();
};
