import { randomUUID } from 'node:crypto';
import type { Attachment } from '#contracts/file-jobs';
import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { readParameter } from '#core/parameters';
import type { AttachmentLookup } from './attachments.ts';
import { UPLOAD_URL_SECONDS, type ObjectUrls } from './object-urls.ts';
import type { StoredObject } from './ports.ts';

// E-mail attachments (enclosureInfo): an upload URL, then "complete", which checks what was stored —
// its size and, from its first bytes, its type — never what the client said. Only then is the id usable.

export interface AttachmentStore extends AttachmentLookup {
  create(attachment: Attachment): Promise<void>;
  save(attachment: Attachment): Promise<void>;
}

export interface AttachmentObjects {
  head(id: string): Promise<StoredObject | undefined>;
  firstBytes(id: string): Promise<Buffer>;
  /** Stores the checked name and type with the object (the SES provider reads them). */
  finalize(id: string, fileName: string, contentType: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export interface AttachmentDeps {
  store: AttachmentStore;
  objects: AttachmentObjects;
  urls: ObjectUrls;
  config: ConfigReader;
  now: () => Date;
}

const TYPES: Record<string, { contentType: string; matches: (head: Buffer) => boolean }> = {
  pdf: { contentType: 'application/pdf', matches: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  png: { contentType: 'image/png', matches: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  jpg: { contentType: 'image/jpeg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  jpeg: { contentType: 'image/jpeg', matches: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  gif: { contentType: 'image/gif', matches: (h) => h.subarray(0, 4).toString('latin1') === 'GIF8' },
  txt: { contentType: 'text/plain; charset=utf-8', matches: (h) => !h.includes(0) },
  csv: { contentType: 'text/csv; charset=utf-8', matches: (h) => !h.includes(0) },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', matches: (h) => h.readUInt32LE(0) === 0x04034b50 },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', matches: (h) => h.readUInt32LE(0) === 0x04034b50 },
};

const extOf = (fileName: string) => /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';

export const requestAttachmentUpload = async (deps: AttachmentDeps, institution: string, fileName: string) => {
  const allowed = await readParameter(deps.config, 'ATTACHMENT_TYPES');
  const ext = extOf(fileName);
  if (!allowed.includes(ext) || !TYPES[ext]) {
    throw new DomainError('VALIDATION', `fileName: 附件类型 .${ext} 不被接受，可用 ${allowed.join(', ')} (attachment type not accepted)`, 'fileName');
  }
  const at = deps.now().toISOString();
  const id = randomUUID().replaceAll('-', '');
  await deps.store.create({ id, institution, fileName, status: 'UPLOADING', createdAt: at, updatedAt: at });
  return { attachmentId: id, uploadUrl: await deps.urls.uploadUrl(id, UPLOAD_URL_SECONDS), expiresInSeconds: UPLOAD_URL_SECONDS };
};

export const completeAttachment = async (deps: AttachmentDeps, institution: string, id: string) => {
  const found = await deps.store.find(id);
  if (!found || found.institution !== institution) throw new DomainError('NOT_FOUND', `attachmentId: 附件 ${id} 不存在 (no such attachment)`, 'attachmentId');
  if (found.status === 'READY') return { attachmentId: id, status: found.status, size: found.size, contentType: found.contentType };
  if (found.status === 'REJECTED') throw new DomainError('VALIDATION', `attachmentId: 附件 ${id} 未通过检查: ${found.error ?? ''}`, 'attachmentId');
  const object = await deps.objects.head(id);
  if (!object) throw new DomainError('INVALID_STATE', `attachmentId: 附件 ${id} 尚未上传 (not uploaded yet)`, 'attachmentId');
  const maxBytes = await readParameter(deps.config, 'ATTACHMENT_MAX_BYTES');
  const ext = extOf(found.fileName);
  const type = TYPES[ext]!;
  const reject = async (error: string) => {
    await deps.objects.remove(id);
    await deps.store.save({ ...found, status: 'REJECTED', error, size: object.size, updatedAt: deps.now().toISOString() });
    throw new DomainError('VALIDATION', `attachmentId: 附件 ${id} ${error}`, 'attachmentId');
  };
  if (object.size === 0) return reject('为空 (empty file)');
  if (object.size > maxBytes) return reject(`大小 ${object.size} 字节超过上限 ${maxBytes} (larger than ${maxBytes} bytes)`);
  if (!type.matches(await deps.objects.firstBytes(id))) return reject(`的内容不是 .${ext} 文件 (content is not .${ext})`);
  await deps.objects.finalize(id, found.fileName, type.contentType);
  await deps.store.save({ ...found, status: 'READY', size: object.size, contentType: type.contentType, updatedAt: deps.now().toISOString() });
  return { attachmentId: id, status: 'READY' as const, size: object.size, contentType: type.contentType };
};
