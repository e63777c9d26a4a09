import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

// Reading an object's size or some of its bytes, for the file reader and the attachment check alike
// (kept apart from the row parsers, so the functions that only check uploads do not load them).

const MISSING = new Set(['NotFound', 'NoSuchKey']);

/** The bytes of a range, and the object's whole size (from Content-Range). */
export const rangeOf = async (s3: S3Client, bucket: string, key: string, range: string): Promise<{ bytes: Buffer; size: number | undefined }> => {
  const { Body, ContentRange } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  const size = Number(ContentRange?.split('/')[1]);
  return { bytes: Buffer.from(await Body!.transformToByteArray()), size: Number.isFinite(size) ? size : undefined };
};

export const bytesOf = async (s3: S3Client, bucket: string, key: string, range: string): Promise<Buffer> => (await rangeOf(s3, bucket, key, range)).bytes;

export const headObject = async (s3: S3Client, bucket: string, key: string) => {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { size: head.ContentLength ?? 0, etag: head.ETag ?? '', contentType: head.ContentType };
  } catch (error) {
    if (MISSING.has((error as Error).name)) return undefined;
    throw error;
  }
};
