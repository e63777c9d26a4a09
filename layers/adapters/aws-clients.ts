import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';

// One client per container, created at module scope and reused across invocations. Endpoints come
// from the standard AWS_ENDPOINT_URL_* variables when the local runner sets them.

let dynamo: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;

export const documentClient = (): DynamoDBDocumentClient =>
  (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }));

export const sqsClient = (): SQSClient => (sqs ??= new SQSClient({ maxAttempts: 3 }));

// The S3 client is in s3-client.ts: a module that imports it here would link it into every bundle
// that loads it lazily elsewhere (the e-mail provider's attachments), parsed at each cold start.
