import { drain } from '#adapters/aws-http';
import type { S3 } from '#adapters/s3-client';

// Reading some of an object's bytes, for the file reader and the attachment check alike (kept apart
// from the row parsers, so the functions that only check uploads do not load them).

/** The bytes of a range, and the object's whole size (from Content-Range). */
export const rangeOf = async (s3: S3, bucket: string, key: string, range: string): Promise<{ bytes: Buffer; size: number | undefined }> => {
  const { body, contentRange } = await s3.get(bucket, key, { range });
  const size = Number(contentRange?.split('/')[1]);
  return { bytes: await drain(body), size: Number.isFinite(size) ? size : undefined };
};

export const bytesOf = async (s3: S3, bucket: string, key: string, range: string): Promise<Buffer> => (await rangeOf(s3, bucket, key, range)).bytes;

