import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { KeySource } from '#core/captcha/captcha-port';

// One client per container, created at module scope and reused across invocations. Endpoints come
// from the standard AWS_ENDPOINT_URL_* variables when the local runner sets them.

let dynamo: DynamoDBDocumentClient | undefined;

export const documentClient = (): DynamoDBDocumentClient =>
  (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }));

/**
 * The SDK's SQS client (sqs-client.ts) loaded with its first use: the dead-letter views, a back-off and
 * the MQ channel (messages are sent by sqs-messages.ts; docs/ARCHITECTURE.md → Cold starts).
 */
export const loadSqsClient = async (): Promise<SQSClient> => (await import('./sqs-client.ts')).sqsClient();

/**
 * A secret's key bytes (secret-key.ts) with Secrets Manager loaded on the first use: for a function
 * that needs the key on only some of its calls (the admin centre's callback secrets).
 */
export const loadSecretKey = (secretId: string): KeySource => {
  let key: Promise<KeySource> | undefined;
  return async () => {
    key ??= import('./secret-key.ts')
      .then(({ secretKey, secretsManagerClient }) => secretKey(secretsManagerClient(), secretId))
      .catch((error: unknown) => ((key = undefined), Promise.reject(error))); // a failed load is tried again
    return (await key)();
  };
};

// The S3 client is in s3-client.ts: a module that imports it here would link it into every bundle
// that loads it lazily elsewhere (the e-mail provider's attachments), parsed at each cold start.
