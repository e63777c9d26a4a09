import type { FileJob, FileJobStatus, FilePhase, ReadFileMessage } from '#contracts/file-jobs';
import type { QueuePublisher } from '#core/queue-port';
import type { FileJobStore } from './ports.ts';

// A file job's states: UPLOADING → VALIDATING → VALIDATED → SENDING → COMPLETED | PARTIAL | FAILED,
// or FAILED (the file itself refused) / CANCELLED. Every move is conditional on the state it leaves,
// so the last chunk and the reader, finishing together, move a job once.

/** Rows of a chunk checked, accepted or moved at once: their reads and writes overlap, within one Lambda's connections. */
export const ROW_CONCURRENCY = 8;

export const phaseStatus: Record<FilePhase, FileJobStatus> = { validate: 'VALIDATING', send: 'SENDING' };

export interface JobFlowDeps {
  jobs: FileJobStore;
  queue: QueuePublisher;
  queues: { read: string };
  now: () => Date;
}

export const failJob = async (deps: JobFlowDeps, job: FileJob, from: FileJobStatus, error: string): Promise<void> => {
  const at = deps.now().toISOString();
  await deps.jobs.moveStatus(job.kind, job.id, [from], 'FAILED', { error, finishedAt: at, updatedAt: at });
};

/** Starts the send phase: the file is read again (the version validated) and valid rows become requests. */
export const startSending = async (deps: JobFlowDeps, job: FileJob, set: Partial<FileJob>): Promise<FileJob | undefined> => {
  const moved = await deps.jobs.moveStatus(job.kind, job.id, ['VALIDATED'], 'SENDING', set);
  if (moved) await deps.queue.send(deps.queues.read, { kind: job.kind, jobId: job.id, phase: 'send', segment: 0 } satisfies ReadFileMessage);
  return moved;
};

const outcomeOf = (job: FileJob): FileJobStatus =>
  job.rowsRefused + job.rowsFailed === 0 ? 'COMPLETED' : job.rowsDelivered > 0 ? 'PARTIAL' : 'FAILED';

/** After a count moved: is the phase, or the whole job, done? */
export const afterCount = async (deps: JobFlowDeps, job: FileJob, phase: FilePhase | 'progress'): Promise<void> => {
  const total = job.totalRows;
  if (total === undefined) return;
  const at = deps.now().toISOString();
  if (phase === 'validate') {
    if (job.status !== 'VALIDATING' || job.rowsValid + job.rowsInvalid < total) return;
    const validated = await deps.jobs.moveStatus(job.kind, job.id, ['VALIDATING'], 'VALIDATED', { validatedAt: at, updatedAt: at });
    // A file request has no one to confirm it: its valid lines are sent, its invalid lines refused.
    if (validated && job.kind === 'FILE') await startSending(deps, validated, { confirmedAt: at, updatedAt: at });
    return;
  }
  if (job.status !== 'SENDING' || job.rowsAccepted + job.rowsRefused < total) return;
  if (!job.acceptedAt) await deps.jobs.setOnce(job.kind, job.id, { acceptedAt: at });
  if (job.rowsDelivered + job.rowsFailed < job.rowsAccepted) return;
  await deps.jobs.moveStatus(job.kind, job.id, ['SENDING'], outcomeOf(job), { finishedAt: at, updatedAt: at });
};
