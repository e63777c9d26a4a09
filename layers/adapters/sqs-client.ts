import { SQSClient } from '@aws-sdk/client-sqs';

// The SQS client of a function that sends to a queue on every run (intake, split, rescans): one per
// container. A function that may not send at all loads it on first use instead (aws-clients.ts
// loadSqsClient), so SQS is not in its cold start.

let sqs: SQSClient | undefined;

export const sqsClient = (): SQSClient => (sqs ??= new SQSClient({ maxAttempts: 3 }));
