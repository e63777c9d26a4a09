import type { QueuePublisher } from '#core/queue-port';
import { PENDING_SHARDS, type ChannelLanes, type Lane, type Log, type PendingRequest, type PendingSendRecord, type RequestProcessingStore, type SendRecordStore } from './ports.ts';
import { MAX_SPLIT_ATTEMPTS, RESCAN_GRACE_MS, STALE_MS, plusMs } from './timing.ts';

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
  report.scanned = await walk((shard, limit) => deps.requests.pending(shard, now, limit), deps.maxItems ?? RESCAN_MAX_ITEMS, async (item: PendingRequest) => {
    let current = item;
    if (item.status === 'PROCESSING') {
      if (Date.parse(item.updatedAt) > now.getTime() - STALE_MS) return;
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
    if (!(await deps.requests.postpone(current, plusMs(now, STALE_MS)))) return;
    await deps.queue.send(laneUrl(deps.lanes, current.greenLane), { institution: current.institution, requestNo: current.requestNo });
    report.enqueued++;
  });
  return report;
};

/**
 * 发送记录扫描调度: send records UNSENT or FAILED under their limit whose attempt is due, and records
 * stuck in SENDING (marked FAILED first), are re-enqueued to their channel's lane. Records at their
 * limit are enqueued too: the consumer marks them UNSENDABLE, so there is one place for that rule.
 */
export const rescanSendRecords = async (
  deps: RescanDeps & { sendRecords: SendRecordStore; lanes: ChannelLanes },
  now: Date,
): Promise<RescanReport> => {
  const report: RescanReport = { scanned: 0, enqueued: 0, recovered: 0, abandoned: 0 };
  const at = now.toISOString();
  report.scanned = await walk((shard, limit) => deps.sendRecords.pending(shard, now, limit), deps.maxItems ?? RESCAN_MAX_ITEMS, async (item: PendingSendRecord) => {
    let current = item;
    if (item.status === 'SENDING') {
      if (Date.parse(item.updatedAt) > now.getTime() - STALE_MS) return;
      const record = await deps.sendRecords.get(item.sendId);
      if (!record || record.status !== 'SENDING' || record.updatedAt !== item.updatedAt) return;
      // The consumer died mid-send: count the attempt, so a record that kills its consumer still reaches its limit.
      const failed = { ...record, status: 'FAILED' as const, sendCount: record.sendCount + 1, lastError: '发送中断 (consumer stopped while sending)', updatedAt: at, nextAttemptAt: at };
      if (!(await deps.sendRecords.replace(failed, record))) return;
      current = { ...item, status: 'FAILED', sendCount: failed.sendCount, nextAttemptAt: at, updatedAt: at };
      report.recovered++;
    }
    if (current.status !== 'UNSENT' && current.status !== 'FAILED') return;
    if (current.nextAttemptAt && Date.parse(current.nextAttemptAt) > now.getTime()) return;
    if (!(await deps.sendRecords.postpone(current, plusMs(now, STALE_MS)))) return;
    const lane = deps.lanes[current.channel];
    await deps.queue.send(laneUrl(lane, current.greenLane), { kind: 'send', sendId: current.sendId });
    report.enqueued++;
  });
  return report;
};

/** When the rescan should next look at an item that just changed (used by the stores). */
export const nextCheckAfterChange = (status: string, updatedAt: string, nextAttemptAt?: string): string | undefined => {
  const changed = new Date(updatedAt);
  switch (status) {
    case 'UNSENT':
    case 'FAILED':
      return plusMs(nextAttemptAt && nextAttemptAt > updatedAt ? new Date(nextAttemptAt) : changed, RESCAN_GRACE_MS);
    case 'SENDING':
      return plusMs(changed, STALE_MS);
    default:
      return undefined;
  }
};
