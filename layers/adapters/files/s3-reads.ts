import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

// Reading an object's size or some of its bytes, for the file reader and the attachment check alike
// (kept apart from the row parsers, so the functions that only check uploads do not load them).

const MISSING = new Set(['NotFound', 'NoSuchKey']);

export const bytesOf = async (s3: S3Client, bucket: string, key: string, range: string): Promise<Buffer> => {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from(await Body!.transformToByteArray());
};

export const headObject = async (s3: S3Client, bucket: string, key: string) => {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return { size: head.ContentLength ?? 0, etag: head.ETag ?? '', contentType: head.ContentType };
  } catch (error) {
    if (MISSING.has((error as Error).name)) return undefined;
    throw error;
  }
};
