import { S3Client } from '@aws-sdk/client-s3';

// The S3 client of the functions that work with files (one per container). Not in aws-clients.ts: a
// static import of it there ties the S3 client into the cold start of every function that imports
// that module, even one that loads S3 only on demand (esbuild links the shared chunk statically).

let s3: S3Client | undefined;

/** Locally the endpoint is an IP address (AWS_ENDPOINT_URL_S3), for which the SDK addresses buckets by path. */
export const s3Client = (): S3Client => (s3 ??= new S3Client({ maxAttempts: 3 }));
