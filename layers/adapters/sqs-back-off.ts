import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Sets when a failed message comes back; a refused change (the handle expired) leaves the queue's own timeout. */
export const backOffVia = (sqs: SQSClient, queueUrl: string, receiptHandle: string) => async (seconds: number) => {
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds })).catch(() => undefined);
};
