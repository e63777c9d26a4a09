import { createHash, randomUUID } from 'node:crypto';
import type { FileJob, ReadFileMessage } from '#contracts/file-jobs';
import { sendMessageBody } from '#contracts/send-message';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { bodyHash } from '#core/messages/body-hash';
import { decideDispatch } from '#core/messages/decide-dispatch';
import type { QueuePublisher } from '#core/queue-port';
import { checkAttachments, type AttachmentLookup } from './attachments.ts';
import { fileTypeOf, UPLOAD_URL_SECONDS, type ObjectUrls } from './object-urls.ts';
import type { FileJobStore } from './ports.ts';

// 文件请求 through the API (SPEC §10): an upload URL for the recipient file, then the message naming
// it. The file request is a FILE job: validated, then every valid line sent (job-flow.ts).

export interface FileRequestDeps {
  jobs: FileJobStore;
  urls: ObjectUrls;
  config: ConfigReader;
  attachments: AttachmentLookup;
  queue: QueuePublisher;
  queues: { read: string };
  now: () => Date;
}

const FILE_ID = /^[0-9a-f-]{36}\.(xlsx|csv)$/;
const objectKey = (institution: string, fileId: string) => `files/${institution}/${fileId}`;

export const requestFileUpload = async (deps: Pick<FileRequestDeps, 'urls'>, institution: string, fileName: string) => {
  const fileId = `${randomUUID()}.${fileTypeOf(fileName)}`;
  return { fileId, uploadUrl: await deps.urls.uploadUrl(objectKey(institution, fileId), UPLOAD_URL_SECONDS), expiresInSeconds: UPLOAD_URL_SECONDS };
};

/** One file request per institution and requestNo: the same id every time it is asked for. */
export const fileRequestIdOf = (institution: string, requestNo: string) =>
  `F${createHash('sha256').update(`${institution}/${requestNo}`).digest('hex').slice(0, 15).toUpperCase()}`;

export const submitFileMessage = async (deps: FileRequestDeps, institution: string, input: Record<string, unknown>) => {
  const { fileId, ...fields } = input as { fileId: string } & Record<string, unknown>;
  if ('userIds' in fields) throw new DomainError('VALIDATION', 'body.userIds: 文件请求的接收人来自文件，不能给出 userIds (recipients come from the file)', 'body.userIds');
  if (!FILE_ID.test(fileId)) throw new DomainError('VALIDATION', `body.fileId: 文件 ${fileId} 不存在 (unknown file)`, 'body.fileId');
  // sendMessage's own schema and intake's configuration checks; the recipients are checked per line.
  const parsed = sendMessageBody().safeParse({ ...fields, userIds: [{}] });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = `body.${issue.path.join('.')}`;
    throw new DomainError('VALIDATION', `${field}: ${issue.message}`, field);
  }
  const { userIds: _placeholder, ...message } = parsed.data;
  if (message.institution !== institution) {
    throw new DomainError('INSTITUTION_MISMATCH', `body.institution: API 密钥不属于系统标识 ${message.institution} (the API key belongs to another institution)`, 'body.institution');
  }
  await checkAttachments(deps.attachments, institution, message.enclosureInfo);
  await decideDispatch(deps.config, { ...parsed.data, userIds: [] });

  const id = fileRequestIdOf(institution, message.requestNo);
  const hash = bodyHash({ ...message, fileId });
  const at = deps.now().toISOString();
  const job: FileJob = {
    id,
    kind: 'FILE',
    status: 'VALIDATING',
    institution,
    requestNo: message.requestNo,
    fileName: fileId,
    fileType: fileTypeOf(fileId),
    detailFilePath: objectKey(institution, fileId),
    message,
    bodyHash: hash,
    createdAt: at,
    updatedAt: at,
    rowsRead: 0, rowsValid: 0, rowsInvalid: 0, rowsAccepted: 0, rowsRefused: 0, rowsDelivered: 0, rowsFailed: 0,
  };
  let stored = job;
  if (!(await deps.jobs.create(job))) {
    const existing = await deps.jobs.get('FILE', id);
    if (!existing || existing.bodyHash !== hash) {
      throw new DomainError('REQUEST_CONFLICT', `requestNo: 请求号 ${message.requestNo} 已被另一请求使用 (requestNo already used with another body)`, 'requestNo');
    }
    stored = existing;
  }
  // A retry after a lost enqueue starts the reader again; it counts each chunk once.
  if (stored.status === 'VALIDATING' && stored.rowsRead === 0) {
    await deps.queue.send(deps.queues.read, { kind: 'FILE', jobId: id, phase: 'validate', segment: 0 } satisfies ReadFileMessage);
  }
  return { fileRequestId: id, requestNo: message.requestNo, status: stored.status };
};

export const getFileRequest = async (deps: Pick<FileRequestDeps, 'jobs'>, institution: string, id: string) => {
  const job = await deps.jobs.get('FILE', id);
  if (!job || job.institution !== institution) throw new DomainError('NOT_FOUND', `fileRequestId: 文件请求 ${id} 不存在 (no such file request)`, 'fileRequestId');
  const { message: _message, bodyHash: _hash, etag: _etag, ...view } = job;
  return view;
};
