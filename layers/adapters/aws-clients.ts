import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { S3Client } from '@aws-sdk/client-s3';

// One client per container, created at module scope and reused across invocations. Endpoints come
// from the standard AWS_ENDPOINT_URL_* variables when the local runner sets them.

let dynamo: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;

export const documentClient = (): DynamoDBDocumentClient =>
  (dynamo ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }));

export const sqsClient = (): SQSClient => (sqs ??= new SQSClient({ maxAttempts: 3 }));

let s3: S3Client | undefined;

/** Locally the endpoint is an IP address (AWS_ENDPOINT_URL_S3), for which the SDK addresses buckets by path. */
export const s3Client = (): S3Client => (s3 ??= new S3Client({ maxAttempts: 3 }));
