import type { QueuePublisher } from '#core/queue-port';
import { PENDING_SHARDS, type ChannelLanes, type Lane, type Log, type PendingRequest, type PendingSendRecord, type RequestProcessingStore, type SendRecordStore } from './ports.ts';
import type { SendRecord } from '#contracts/records';
import { timeOfSendId } from './ids.ts';
import { MAX_SPLIT_ATTEMPTS, RESCAN_GRACE_MS, STALE_MS, TRACK_AFTER_MS, plusMs } from './timing.ts';

/** Bounded work per run: the next run (a minute later) continues. */
export const RESCAN_MAX_ITEMS = 1000;

export interface RescanReport {
  scanned: number;
  enqueued: number;
  /** Stuck in PROCESSING/SENDING and marked FAILED first. */
  recovered: number;
  /** Requests no longer retried (split attempts used up); left FAILED for operators. */
  abandoned: number;
}

interface RescanDeps {
  queue: QueuePublisher;
  log: Log;
  maxItems?: number;
  /** A PROCESSING request or SENDING record this old is stuck (parameter RESCAN_STUCK_MINUTES; rescan-runs.ts reads it). */
  stuckMs?: number;
}

const laneUrl = (lane: Lane, green: boolean) => (green ? lane.green : lane.general);

/** Walks the pending shards (never a table scan) until the per-run budget is used. */
const walk = async <T>(pending: (shard: number, limit: number) => Promise<T[]>, max: number, visit: (item: T) => Promise<void>): Promise<number> => {
  let scanned = 0;
  for (let shard = 0; shard < PENDING_SHARDS && scanned < max; shard++) {
    const items = await pending(shard, max - scanned);
    scanned += items.length;
    for (const item of items) await visit(item);
  }
  return scanned;
};

/**
 * 请求扫描调度 (seed step 16): requests in INIT or FAILED whose next check is due, and requests stuck
 * in PROCESSING (marked FAILED first), are re-enqueued to their lane; each is postponed so the next
 * run does not enqueue it again while its message is in flight.
 */
export const rescanRequests = async (
  deps: RescanDeps & { requests: RequestProcessingStore; lanes: Lane },
  now: Date,
): Promise<RescanReport> => {
  const report: RescanReport = { scanned: 0, enqueued: 0, recovered: 0, abandoned: 0 };
  const at = now.toISOString();
  const stuckMs = deps.stuckMs ?? STALE_MS;
  report.scanned = await walk((shard, limit) => deps.requests.pending(shard, now, limit), deps.maxItems ?? RESCAN_MAX_ITEMS, async (item: PendingRequest) => {
    let current = item;
    if (item.status === 'PROCESSING') {
      const stuckAt = Date.parse(item.updatedAt) + stuckMs;
      if (stuckAt > now.getTime()) {
        // Not stuck yet (the claim's check was due at the split's own 5 min): looked at again when it is.
        await deps.requests.postpone(item, new Date(stuckAt).toISOString());
        return;
      }
      if (!(await deps.requests.transition(item, { to: 'FAILED', at, nextCheckAt: at }))) return;
      current = { ...item, status: 'FAILED', updatedAt: at };
      report.recovered++;
    }
    if (current.status === 'FAILED' && current.attempts >= MAX_SPLIT_ATTEMPTS) {
      await deps.requests.transition(current, { to: 'FAILED', at });
      report.abandoned++;
      return;
    }
    if (current.status !== 'INIT' && current.status !== 'FAILED') return;
    if (!(await deps.requests.postpone(current, plusMs(now, stuckMs)))) return;
    await deps.queue.send(laneUrl(deps.lanes, current.greenLane), { institution: current.institution, requestNo: current.requestNo });
    report.enqueued++;
  });
  return report;
};

/**
 * 发送记录扫描调度: due send records of the pending index go back to their channel's lane: FAILED ones
 * (their delayed retry may be lost), ones waiting for a time (a send window, a quiet-hour hold, a
 * resend), UNSENT ones whose queue message may be lost (the in-flight sweep put them here), and stale
 * SENDING claims, which their consumer takes over (send-record.ts). Records at their limit are
 * enqueued too: the consumer marks them UNSENDABLE, so there is one place for that rule. A fresh
 * SENDING claim is looked at again when it would be stale.
 */
export const rescanSendRecords = async (
  deps: RescanDeps & { sendRecords: SendRecordStore; lanes: ChannelLanes },
  now: Date,
): Promise<RescanReport> => {
  const report: RescanReport = { scanned: 0, enqueued: 0, recovered: 0, abandoned: 0 };
  const stuckMs = deps.stuckMs ?? STALE_MS;
  report.scanned = await walk((shard, limit) => deps.sendRecords.pending(shard, now, limit), deps.maxItems ?? RESCAN_MAX_ITEMS, async (item: PendingSendRecord) => {
    if (item.status === 'SENDING') {
      const staleAt = Date.parse(item.updatedAt) + stuckMs;
      if (staleAt > now.getTime()) {
        await deps.sendRecords.postpone(item, new Date(staleAt).toISOString());
        return;
      }
      report.recovered++;
    } else if (item.status !== 'UNSENT' && item.status !== 'FAILED') return;
    if (item.nextAttemptAt && Date.parse(item.nextAttemptAt) > now.getTime()) return;
    if (!(await deps.sendRecords.postpone(item, plusMs(now, stuckMs)))) return;
    const lane = deps.lanes[item.channel];
    await deps.queue.send(laneUrl(lane, item.greenLane), { kind: 'send', sendId: item.sendId });
    report.enqueued++;
  });
  return report;
};

const FINAL_SEND_STATUSES = new Set<SendRecord['status']>(['SUCCESS', 'UNSENDABLE', 'CANCELLED']);

/**
 * When the rescan should next look at a send record that just changed; undefined when its queue
 * message carries it or nothing is left to do. The hot path writes no index: a record created and
 * sent soon after its request was accepted is found, if its message is lost, by the in-flight sweep
 * (sweep.ts). In the pending index are only a FAILED record (its delayed retry may be lost), one
 * waiting for a time (a send window, a quiet-hour hold), and any unfinished record changed after the
 * sweep may have walked past its id (TRACK_AFTER_MS after its request): due when its claim would be
 * stale or its queue message should long have arrived.
 */
export const nextCheckAfterChange = (record: Pick<SendRecord, 'sendId' | 'status' | 'updatedAt' | 'nextAttemptAt'>): string | undefined => {
  const { status, updatedAt, nextAttemptAt } = record;
  if (FINAL_SEND_STATUSES.has(status)) return undefined;
  if (status === 'FAILED' || (status === 'UNSENT' && nextAttemptAt)) {
    return plusMs(nextAttemptAt && nextAttemptAt > updatedAt ? new Date(nextAttemptAt) : new Date(updatedAt), RESCAN_GRACE_MS);
  }
  if (Date.parse(updatedAt) - timeOfSendId(record.sendId) <= TRACK_AFTER_MS) return undefined;
  return plusMs(new Date(updatedAt), STALE_MS);
};
