import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { S3 } from '../../layers/adapters/s3-client.ts';
// s3rver ships no types; the part used here is small.
// @ts-expect-error untyped CommonJS module
import S3rver from 's3rver';
import { freePort } from './free-port.ts';
import { LOCAL_REGION, localCredentials } from './local-aws.ts';

export interface LocalS3 {
  endpoint: string;
  client: S3Client;
  /** The functions' own S3 client (layers/adapters/s3-client.ts) pointed at this endpoint. */
  objects: S3;
  stop: () => Promise<void>;
}

interface S3rverInstance {
  run(): Promise<unknown>;
  close(): Promise<void>;
}

// The browser uploads straight to the bucket by a presigned URL (SPEC §10), so the bucket answers
// CORS like the stacks' buckets do (data-stack.ts): any origin, PUT and GET only, signed URLs only.
const CORS = `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

// s3rver knows one access key (S3RVER); the functions sign with the runner's local credentials, so
// those are registered with its account too (it checks the key id, not SigV4 signatures).
const { DUMMY_ACCOUNT } = createRequire(import.meta.url)('s3rver/lib/models/account.js') as {
  DUMMY_ACCOUNT: { createKeyPair: (id: string, secret: string) => void };
};
DUMMY_ACCOUNT.createKeyPair(localCredentials.accessKeyId, localCredentials.secretAccessKey);

/**
 * An S3-compatible endpoint (s3rver) on loopback with the given buckets: path-style addressing, data
 * under `dataDir` or a temporary directory removed on stop. It does not verify request signatures;
 * presigned URL expiry is tested against the signer, not here.
 */
export const startS3 = async (buckets: string[], options: { dataDir?: string } = {}): Promise<LocalS3> => {
  const port = await freePort();
  const directory = options.dataDir ?? mkdtempSync(join(tmpdir(), 'mp-s3-'));
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name, configs: [CORS] })),
  }) as S3rverInstance;
  await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ endpoint, region: LOCAL_REGION, credentials: localCredentials, forcePathStyle: true });
  return {
    endpoint,
    client,
    objects: new S3({ endpoint, region: LOCAL_REGION, credentials: async () => localCredentials }),
    stop: async () => {
      client.destroy();
      await server.close();
      if (!options.dataDir) rmSync(directory, { recursive: true, force: true });
    },
  };
};
