import { SQSClient } from '@aws-sdk/client-sqs';

// The SDK's SQS client, for what is not sending a message (sqs-messages.ts sends): the dead-letter
// views, a consumer's back-off and the MQ channel's queues. One per container, loaded on first use
// (aws-clients.ts loadSqsClient), so it is in no function's cold start.

let sqs: SQSClient | undefined;

export const sqsClient = (): SQSClient => (sqs ??= new SQSClient({ maxAttempts: 3 }));
