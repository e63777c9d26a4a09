import { randomBytes } from 'node:crypto';
import type { FileJob, ReadFileMessage } from '#contracts/file-jobs';
import { auditOf, type Actor, type AuditLog } from '#core/admin/ports';
import { DomainError } from '#core/errors';
import type { QueuePublisher } from '#core/queue-port';
import { startSending } from './job-flow.ts';
import { fileTypeOf, UPLOAD_URL_SECONDS, type ObjectUrls } from './object-urls.ts';
import type { FileJobStore } from './ports.ts';

// 导入请求 (IMPORT_MSG_REQUEST), the operator's side: create (an upload URL), validate (read and check
// every row; nothing is sent), confirm (valid rows become requests) or cancel. Each step is audited.

export interface ImportDeps {
  jobs: FileJobStore;
  urls: ObjectUrls;
  audit: AuditLog;
  queue: QueuePublisher;
  queues: { read: string };
  now: () => Date;
  newId: () => string;
}

/** IMP + time + 6 hex: short enough that batch and row make a requestNo (≤ 32). */
const batchNoOf = (at: Date) => `IMP${at.toISOString().replace(/\D/g, '').slice(2, 14)}${randomBytes(3).toString('hex').toUpperCase()}`;

const found = async (deps: ImportDeps, batchNo: string): Promise<FileJob> => {
  const job = await deps.jobs.get('IMPORT', batchNo);
  if (!job) throw new DomainError('NOT_FOUND', `batchNo: 导入批次 ${batchNo} 不存在 (no such import)`, 'batchNo');
  return job;
};

const audited = async (deps: ImportDeps, actor: Actor, job: FileJob, action: 'import' | 'validate' | 'confirm' | 'cancel', before?: FileJob) => {
  await deps.audit.record(
    auditOf(deps, actor, { entity: 'import', entityId: job.id, action, ...(before ? { before: { status: before.status } } : {}), after: { status: job.status, fileName: job.fileName } }),
  );
  return job;
};

export const createImport = async (deps: ImportDeps, actor: Actor, fileName: string) => {
  const fileType = fileTypeOf(fileName);
  const at = deps.now();
  const batchNo = batchNoOf(at);
  const job: FileJob = {
    id: batchNo, kind: 'IMPORT', status: 'UPLOADING', fileName, fileType, detailFilePath: `imports/${batchNo}.${fileType}`,
    createdBy: actor.username, createdAt: at.toISOString(), updatedAt: at.toISOString(),
    rowsRead: 0, rowsValid: 0, rowsInvalid: 0, rowsAccepted: 0, rowsRefused: 0, rowsDelivered: 0, rowsFailed: 0,
  };
  await deps.jobs.create(job);
  await audited(deps, actor, job, 'import');
  return { batchNo, uploadUrl: await deps.urls.uploadUrl(job.detailFilePath, UPLOAD_URL_SECONDS), expiresInSeconds: UPLOAD_URL_SECONDS };
};

const notNow = (job: FileJob, what: string) =>
  new DomainError('INVALID_STATE', `batchNo: 导入批次 ${job.id} 状态为 ${job.status}，不能${what} (cannot ${what === '校验' ? 'validate' : what === '确认' ? 'confirm' : 'cancel'} in state ${job.status})`, 'batchNo');

export const validateImport = async (deps: ImportDeps, actor: Actor, batchNo: string) => {
  const job = await found(deps, batchNo);
  if (job.status !== 'UPLOADING') {
    if (job.status === 'VALIDATING' || job.status === 'VALIDATED') return job;
    throw notNow(job, '校验');
  }
  const moved = await deps.jobs.moveStatus('IMPORT', batchNo, ['UPLOADING'], 'VALIDATING', { updatedAt: deps.now().toISOString() });
  if (!moved) return found(deps, batchNo);
  await deps.queue.send(deps.queues.read, { kind: 'IMPORT', jobId: batchNo, phase: 'validate', segment: 0 } satisfies ReadFileMessage);
  return audited(deps, actor, moved, 'validate', job);
};

/** Confirming twice, or after it finished, answers the import as it is: nothing is sent again. */
export const confirmImport = async (deps: ImportDeps, actor: Actor, batchNo: string) => {
  const job = await found(deps, batchNo);
  if (['SENDING', 'COMPLETED', 'PARTIAL'].includes(job.status) && job.confirmedAt) return job;
  if (job.status !== 'VALIDATED') throw notNow(job, '确认');
  if (job.rowsValid === 0) throw new DomainError('INVALID_STATE', `batchNo: 导入批次 ${batchNo} 没有可发送的有效行 (no valid rows to send)`, 'batchNo');
  const at = deps.now().toISOString();
  const moved = await startSending(deps, job, { confirmedAt: at, updatedAt: at });
  if (!moved) return found(deps, batchNo);
  return audited(deps, actor, moved, 'confirm', job);
};

export const cancelImport = async (deps: ImportDeps, actor: Actor, batchNo: string) => {
  const job = await found(deps, batchNo);
  if (job.status === 'CANCELLED') return job;
  const at = deps.now().toISOString();
  const moved = await deps.jobs.moveStatus('IMPORT', batchNo, ['UPLOADING', 'VALIDATING', 'VALIDATED'], 'CANCELLED', { finishedAt: at, updatedAt: at });
  if (!moved) throw notNow(job, '取消');
  return audited(deps, actor, moved, 'cancel', job);
};

export const showImport = async (deps: Pick<ImportDeps, 'jobs'>, batchNo: string) => {
  const job = await deps.jobs.get('IMPORT', batchNo);
  if (!job) throw new DomainError('NOT_FOUND', `batchNo: 导入批次 ${batchNo} 不存在 (no such import)`, 'batchNo');
  const { message: _m, bodyHash: _b, etag: _e, ...view } = job;
  return view;
};
