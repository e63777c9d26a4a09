import type { Readable } from 'node:stream';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

// What the platform's small AWS clients (s3-client.ts, sqs-messages.ts) share: they sign with the SDK's
// own SigV4 signer and send through its HTTP handler, the pieces the DynamoDB client already loads.

/** Credentials read once and again only when they are about to expire (the SDK's memoisation). */
export const memoised = (provider: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider => {
  let current: Promise<AwsCredentialIdentity> | undefined;
  let expiresAt = Infinity;
  return async () => {
    if (!current || expiresAt - Date.now() < 300_000) {
      current = provider().then((credentials) => ((expiresAt = credentials.expiration?.getTime() ?? Infinity), credentials));
      current.catch(() => (current = undefined));
    }
    return current;
  };
};

/**
 * The variables every SDK client reads for itself: the region Lambda sets, and the endpoints the local
 * runner sets. They are the runtime's, not a manifest binding of the function.
 */
// eslint-disable-next-line no-restricted-syntax -- the AWS runtime's own variables, read as the SDK clients read them
export const awsEnv = (): Record<string, string | undefined> => process.env;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The SDK's standard back-off: full jitter over 100 ms doubling per attempt, at most 20 s. */
export const backOffMs = (attempt: number): number => Math.random() * Math.min(20_000, 100 * 2 ** attempt);

/** A body read to its end (a range, an error document, an answer read only to free the connection). */
export const drain = async (body: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
};
