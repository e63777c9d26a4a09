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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An error a service answered, with the name the SDK gives it (NoSuchKey, QueueDoesNotExist…) and its HTTP status. */
export class AwsServiceError extends Error {
  constructor(
    name: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = name;
  }
}

/** The SDK's standard back-off: full jitter over 100 ms doubling per attempt, at most 20 s. */
const backOffMs = (attempt: number): number => Math.random() * Math.min(20_000, 100 * 2 ** attempt);

/** `attempt` tried up to `maxAttempts` times while `retryable` says so, with the SDK's back-off between. */
export const withRetries = async <T>(maxAttempts: number, retryable: (error: unknown) => boolean, attempt: () => Promise<T>): Promise<T> => {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= maxAttempts || !retryable(error)) throw error;
      await sleep(backOffMs(n));
    }
  }
};

/** A body read to its end (a range, an error document, an answer read only to free the connection). */
export const drain = async (body: Readable): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
};
