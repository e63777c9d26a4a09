import type { S3 } from '#adapters/s3-client';
import type { AttachmentObjects } from '#core/files/attachment-uploads';
import type { ObjectUrls } from '#core/files/object-urls';
import { bytesOf } from './s3-reads.ts';

export const s3ObjectUrls = (s3: S3, bucket: string): ObjectUrls => ({
  uploadUrl: (key, expiresIn) => s3.presign('PUT', bucket, key, expiresIn),
  downloadUrl: (key, fileName, expiresIn) =>
    s3.presign('GET', bucket, key, expiresIn, { 'response-content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` }),
});

export const s3AttachmentObjects = (s3: S3, bucket: string): AttachmentObjects => ({
  head: (id) => s3.head(bucket, id),
  firstBytes: (id) => bytesOf(s3, bucket, id, 'bytes=0-4095'),
  finalize: (id, fileName, contentType) => s3.replaceMetadata(bucket, id, contentType, { filename: encodeURIComponent(fileName) }),
  remove: (id) => s3.delete(bucket, id),
});

/** An attachment's file name as `finalize` stored it (URI-encoded: S3 metadata travels as ASCII headers). */
export const attachmentFileName = (metadata: Record<string, string>): string | undefined => {
  const stored = metadata.filename;
  if (!stored) return undefined;
  try {
    return decodeURIComponent(stored);
  } catch {
    return stored; // not written by finalize: shown as stored
  }
};
