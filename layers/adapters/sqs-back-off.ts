import { sqsReady, type SqsClientSource } from './sqs-publisher.ts';

/**
 * Sets when a failed message comes back; a refused change (the handle expired) leaves the queue's own
 * timeout. The client and command load with the first back-off: a run where every message succeeds
 * never needs them.
 */
export const backOffVia = (source: SqsClientSource, queueUrl: string, receiptHandle: string) => async (seconds: number) => {
  const { sqs, ChangeMessageVisibilityCommand } = await sqsReady(source);
  await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: seconds })).catch(() => undefined);
};
