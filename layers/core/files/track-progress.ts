import type { FileProgressMessage, FileRow, RowError } from '#contracts/file-jobs';
import type { SendRecord } from '#contracts/records';
import type { RequestStatusQuery } from '#core/messages/request-status';
import { mapLimited } from '#core/map-limited';
import { afterCount, ROW_CONCURRENCY, type JobFlowDeps } from './job-flow.ts';
import type { FileJobStore } from './ports.ts';
import { rowMessage } from './row-message.ts';

// The delivery check (fileProgress queue): a chunk's accepted rows are DELIVERED when every send
// record of their request delivered to them (status reports included), FAILED when one never will. Until then the check comes back
// later (an SQS delay, growing), so nothing polls the whole job.

export interface TrackProgressDeps extends JobFlowDeps {
  jobs: FileJobStore;
  requests: RequestStatusQuery;
  queues: { read: string; progress: string };
}

/** Checks back after 2, 4, 6 … up to 30 seconds for the first half hour, then every 15 minutes, for about two days. */
export const MAX_PROGRESS_ATTEMPTS = 260;
const delayOf = (attempt: number) => (attempt < 70 ? Math.min(2 * (attempt + 1), 30) : 900);

type Outcome = { status: 'DELIVERED' } | { status: 'FAILED'; reason: string } | undefined;

const recipientOutcome = (records: SendRecord[], index: number): Outcome => {
  const mine = records.flatMap((record) => record.recipients.filter((r) => r.index === index).map((r) => ({ record, r })));
  if (mine.length === 0) return { status: 'FAILED', reason: '没有派发方式发送给该接收人 (no dispatch method sends to this recipient)' };
  let failure: string | undefined;
  for (const { record, r } of mine) {
    // DELIVERED: a report said so, or the provider has no reports (delivery-outcome.ts); SUCCESS is a
    // recipient stored before SENT existed. SENT waits for its report, like a retry waits for its turn.
    if (r.status === 'DELIVERED' || r.status === 'SUCCESS') continue;
    const final =
      ['UNSENDABLE', 'INTERCEPTED', 'CANCELLED', 'UNDELIVERED', 'SUPPRESSED'].includes(r.status) ||
      (r.status === 'FAILED' && (['UNSENDABLE', 'CANCELLED'].includes(record.status) || record.sendCount >= record.sendLimit));
    if (!final) return undefined;
    failure ??= `${record.channel} ${r.status}${r.error ? `: ${r.error}` : r.interceptReason ? `: ${r.interceptReason}` : ''}`;
  }
  return failure ? { status: 'FAILED', reason: failure } : { status: 'DELIVERED' };
};

const rowOutcome = async (deps: TrackProgressDeps, institution: string, row: FileRow, cache: Map<string, Promise<SendRecord[] | string | undefined>>): Promise<Outcome> => {
  if (!row.requestNo) return undefined;
  const key = row.requestNo;
  if (!cache.has(key)) {
    cache.set(
      key,
      (async () => {
        const request = await deps.requests.findRequest(institution, key);
        if (!request) return undefined;
        if (request.status === 'INTERCEPTED') return request.interceptReason ?? 'INTERCEPTED';
        if (request.status !== 'SUCCESS') return undefined;
        return deps.requests.sendRecords(request);
      })(),
    );
  }
  const found = await cache.get(key)!;
  if (found === undefined) return undefined;
  if (typeof found === 'string') return { status: 'FAILED', reason: found };
  return recipientOutcome(found, row.recipientIndex ?? 0);
};

export const trackProgress = async (deps: TrackProgressDeps, message: FileProgressMessage): Promise<void> => {
  const { kind, jobId, chunkNo } = message;
  if (await deps.jobs.counted(jobId, 'progress', chunkNo)) return;
  const job = await deps.jobs.get(kind, jobId);
  if (!job) return;
  const rows = (await deps.jobs.getRows(kind, jobId, message.rowNos)).filter((r) => ['ACCEPTED', 'DELIVERED', 'FAILED'].includes(r.status) && r.requestNo);
  const cache = new Map<string, Promise<SendRecord[] | string | undefined>>();
  const outcomes = await Promise.all(rows.map(async (row) => ({ row, outcome: row.status === 'ACCEPTED' ? await rowOutcome(deps, row.institution ?? job.institution ?? '', row, cache) : undefined })));
  if (outcomes.some(({ row, outcome }) => row.status === 'ACCEPTED' && !outcome)) {
    if (message.attempt + 1 >= MAX_PROGRESS_ATTEMPTS) return;
    await deps.queue.send(deps.queues.progress, { ...message, attempt: message.attempt + 1 }, { delaySeconds: delayOf(message.attempt) });
    return;
  }
  const at = deps.now().toISOString();
  // Each row's move is its own conditional write: side by side, a bounded number at once.
  await mapLimited(outcomes, ROW_CONCURRENCY, async ({ row, outcome }) => {
    if (!outcome) return;
    const errors: RowError[] | undefined = outcome.status === 'FAILED' ? [rowMessage(row.rowNo, '*', `未送达 (not delivered): ${outcome.reason}`)] : undefined;
    await deps.jobs.moveRow(kind, row, 'ACCEPTED', { status: outcome.status, updatedAt: at, ...(errors ? { errors } : {}) });
  });
  // Rows moved by an earlier, interrupted run of this check count as what they became.
  const final = await deps.jobs.getRows(kind, jobId, rows.map((r) => r.rowNo));
  const updated = await deps.jobs.count(kind, jobId, 'progress', chunkNo, {
    rowsDelivered: final.filter((r) => r.status === 'DELIVERED').length,
    rowsFailed: final.filter((r) => r.status === 'FAILED').length,
  });
  if (updated) await afterCount(deps, updated, 'progress');
};
