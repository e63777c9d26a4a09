import type { FileJob, FileProgressMessage, FileRow, FileRowsMessage, RawRow, RowError } from '#contracts/file-jobs';
import type { SendMessageBody } from '#contracts/send-message';
import { isDomainError } from '#core/errors';
import { mapLimited } from '#core/map-limited';
import { acceptMessage, type AcceptMessageDeps } from '#core/messages/accept-message';
import { afterCount, phaseStatus, ROW_CONCURRENCY, type JobFlowDeps } from './job-flow.ts';
import type { FileJobStore } from './ports.ts';
import { rowMessage } from './row-message.ts';
import { checkRow, fileLineBody, importRowBody, type RowCheckDeps } from './validate-row.ts';

// The chunk worker (fileRows queue). validate: each row checked and stored as a row item (VALID or
// INVALID with its errors). send: each row checked again (configuration may have changed) and the
// valid ones handed to the intake use case — one request per import row, one request per chunk of a
// recipient file — so a chunk delivered twice creates nothing twice. Counts move once per chunk.

export interface ProcessRowsDeps extends JobFlowDeps, RowCheckDeps {
  jobs: FileJobStore;
  intake: AcceptMessageDeps;
  queues: { read: string; progress: string };
}

/** How long after acceptance the first delivery check runs. */
export const FIRST_PROGRESS_DELAY_S = 2;

const rowOf = (job: FileJob, raw: RawRow, at: string, fields: Pick<FileRow, 'status'> & Partial<FileRow>): FileRow => ({
  id: `${job.id}-${raw.rowNo}`,
  jobId: job.id,
  rowNo: raw.rowNo,
  cells: raw.cells,
  createdAt: job.createdAt,
  updatedAt: at,
  ...fields,
});

const refusal = (rowNo: number, error: unknown): RowError[] => {
  if (!isDomainError(error)) throw error;
  // THROTTLED and the like are for the whole chunk to retry, not a verdict on the row.
  if (error.code === 'THROTTLED' || error.code === 'DEPENDENCY_UNAVAILABLE') throw error;
  return [rowMessage(rowNo, (error.field ?? '*').split(/[.[\]]+/).filter((p) => p && !/^\d+$/.test(p)).at(-1) ?? '*', error.message.replace(/^[\w.[\]+]+: /, ''))];
};

const validateChunk = (deps: ProcessRowsDeps, job: FileJob, message: FileRowsMessage, at: string) =>
  mapLimited(message.rows, ROW_CONCURRENCY, async (raw) => {
    const body = job.kind === 'IMPORT' ? importRowBody(job, raw) : fileLineBody(job, raw, job.requestNo ?? job.id);
    const verdict = await checkRow(deps, raw.rowNo, body, raw.errors);
    const summary = job.kind === 'IMPORT' ? { institution: String(body.institution ?? ''), bizType: String(body.bizType ?? ''), requestNo: String(body.requestNo) } : {};
    return rowOf(job, raw, at, verdict.ok ? { status: 'VALID', ...summary } : { status: 'INVALID', errors: verdict.errors, ...summary });
  });

/** One request per import row (its own requestNo), so rows are accepted side by side; each is idempotent on its own. */
const sendImportChunk = (deps: ProcessRowsDeps, job: FileJob, message: FileRowsMessage, at: string) =>
  mapLimited(message.rows, ROW_CONCURRENCY, async (raw): Promise<FileRow> => {
    const body = importRowBody(job, raw);
    const summary = { institution: String(body.institution ?? ''), bizType: String(body.bizType ?? ''), requestNo: String(body.requestNo) };
    const verdict = await checkRow(deps, raw.rowNo, body, raw.errors);
    if (!verdict.ok) return rowOf(job, raw, at, { status: 'REFUSED', errors: verdict.errors, ...summary });
    try {
      await acceptMessage(deps.intake, verdict.body);
      return rowOf(job, raw, at, { status: 'ACCEPTED', recipientIndex: 0, ...summary });
    } catch (error) {
      return rowOf(job, raw, at, { status: 'REFUSED', errors: refusal(raw.rowNo, error), ...summary });
    }
  });

/** One request per chunk of a recipient file: its valid lines are its recipients, in order. */
const sendFileChunk = async (deps: ProcessRowsDeps, job: FileJob, message: FileRowsMessage, at: string) => {
  const requestNo = `${job.id}-C${message.chunkNo}`;
  const refused: FileRow[] = [];
  const valid: { raw: RawRow; body: SendMessageBody }[] = [];
  const verdicts = await mapLimited(message.rows, ROW_CONCURRENCY, (raw) => checkRow(deps, raw.rowNo, fileLineBody(job, raw, requestNo), raw.errors));
  message.rows.forEach((raw, i) => {
    const verdict = verdicts[i]!;
    if (verdict.ok) valid.push({ raw, body: verdict.body });
    else refused.push(rowOf(job, raw, at, { status: 'REFUSED', errors: verdict.errors }));
  });
  if (valid.length === 0) return refused;
  const body: SendMessageBody = { ...valid[0]!.body, userIds: valid.flatMap((v) => v.body.userIds) };
  let errors: RowError[] | undefined;
  try {
    await acceptMessage(deps.intake, body);
  } catch (error) {
    errors = refusal(valid[0]!.raw.rowNo, error);
  }
  return [
    ...refused,
    ...valid.map(({ raw }, index) =>
      rowOf(job, raw, at, errors ? { status: 'REFUSED', errors: errors.map((e) => rowMessage(raw.rowNo, e.column, e.message.replace(/^第 \d+ 行[^:]*: /, ''))) } : { status: 'ACCEPTED', requestNo, recipientIndex: index }),
    ),
  ];
};

export const processRows = async (deps: ProcessRowsDeps, message: FileRowsMessage): Promise<void> => {
  const { kind, jobId, phase, chunkNo } = message;
  const progress: FileProgressMessage = { kind, jobId, chunkNo, rowNos: message.rows.map((r) => r.rowNo), attempt: 0 };
  if (await deps.jobs.counted(jobId, phase, chunkNo)) {
    // Counted before; the delivery check may not have been enqueued (it is idempotent).
    if (phase === 'send') await deps.queue.send(deps.queues.progress, progress, { delaySeconds: FIRST_PROGRESS_DELAY_S });
    return;
  }
  const job = await deps.jobs.get(kind, jobId);
  if (!job || job.status !== phaseStatus[phase]) return;
  const at = deps.now().toISOString();
  const rows =
    phase === 'validate' ? await validateChunk(deps, job, message, at) : kind === 'IMPORT' ? await sendImportChunk(deps, job, message, at) : await sendFileChunk(deps, job, message, at);
  // A file request's valid lines are written once, when sent; its invalid ones now, to be seen at once.
  await deps.jobs.putRows(kind, phase === 'validate' && kind === 'FILE' ? rows.filter((r) => r.status === 'INVALID') : rows);
  const tally = (status: FileRow['status']) => rows.filter((r) => r.status === status).length;
  const counts =
    phase === 'validate'
      ? { rowsRead: rows.length, rowsValid: tally('VALID'), rowsInvalid: tally('INVALID') }
      : { rowsAccepted: tally('ACCEPTED'), rowsRefused: tally('REFUSED') };
  const updated = await deps.jobs.count(kind, jobId, phase, chunkNo, counts);
  if (phase === 'send' && (counts.rowsAccepted ?? 0) > 0) await deps.queue.send(deps.queues.progress, progress, { delaySeconds: FIRST_PROGRESS_DELAY_S });
  if (updated) await afterCount(deps, updated, phase);
};
