import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AttachmentObjects } from '#core/files/attachment-uploads';
import type { ObjectUrls } from '#core/files/object-urls';
import { bytesOf, headObject } from './s3-reads.ts';

export const s3ObjectUrls = (s3: S3Client, bucket: string): ObjectUrls => ({
  uploadUrl: (key, expiresIn) => getSignedUrl(s3, new PutObjectCommand({ Bucket: bucket, Key: key }), { expiresIn }),
  downloadUrl: (key, fileName, expiresIn) =>
    getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}` }), { expiresIn }),
});

export const s3PutObject = async (s3: S3Client, bucket: string, key: string, body: Buffer, contentType: string) => {
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
};

export const s3AttachmentObjects = (s3: S3Client, bucket: string): AttachmentObjects => ({
  head: (id) => headObject(s3, bucket, id),
  firstBytes: (id) => bytesOf(s3, bucket, id, 'bytes=0-4095'),
  async finalize(id, fileName, contentType) {
    await s3.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: id,
        CopySource: `${bucket}/${id}`,
        MetadataDirective: 'REPLACE',
        ContentType: contentType,
        Metadata: { filename: encodeURIComponent(fileName) },
      }),
    );
  },
  async remove(id) {
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: id }));
  },
});
