import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueTrigger } from '../manifest/types.ts';
import type { FunctionHost } from './function-host.ts';
import { LOCAL_REGION } from './local-aws.ts';
import type { LocalQueue } from './sqs.ts';

/** Lambda's event source mapping scales up to maxConcurrency; locally a few pollers per source are plenty. */
const LOCAL_POLLERS_PER_SOURCE = 2;

const toRecord = (message: Message, queue: LocalQueue): SQSRecord => ({
  messageId: message.MessageId!,
  receiptHandle: message.ReceiptHandle!,
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
      name,
      { dataType: value.DataType ?? 'String', stringValue: value.StringValue, binaryValue: undefined, stringListValues: [], binaryListValues: [] },
    ]),
  ),
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: queue.arn,
  awsRegion: LOCAL_REGION,
});

export interface Poller {
  stop: () => Promise<void>;
}

/**
 * Delivers a queue's messages to its consumer as Lambda's SQS event source mapping does: batches of
 * the trigger's size; messages the handler reports in `batchItemFailures` (or all, if it throws) stay
 * on the queue and come back after the visibility timeout; SQS's redrive policy moves them to the DLQ.
 */
export const startPoller = (sqs: SQSClient, queue: LocalQueue, trigger: QueueTrigger, host: FunctionHost, log: (line: string) => void): Poller => {
  let running = true;
  const abort = new AbortController();
  const receive = async (max: number, waitSeconds: number): Promise<Message[]> =>
    (
      await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queue.url, MaxNumberOfMessages: max, WaitTimeSeconds: waitSeconds, AttributeNames: ['All'], MessageAttributeNames: ['All'] }),
        { abortSignal: abort.signal },
      )
    ).Messages ?? [];
  const batchMax = Math.min(trigger.batchSize, 10);
  const loop = async (): Promise<void> => {
    while (running) {
      let messages: Message[] = [];
      try {
        // The embedded SQS answers a long poll only when it has MaxNumberOfMessages or the wait is
        // over (SQS answers as soon as it has any): wait for one, then take what else is there.
        messages = await receive(1, 1);
        if (messages.length > 0 && batchMax > 1) messages.push(...(await receive(batchMax - 1, 0)));
      } catch (error) {
        if (!running) return;
        log(`poller ${trigger.queue}: receive failed: ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      if (messages.length === 0) continue;
      const event: SQSEvent = { Records: messages.map((m) => toRecord(m, queue)) };
      let failed = new Set(event.Records.map((r) => r.messageId));
      try {
        const response = await host.invoke<SQSBatchResponse | null>(event);
        failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      } catch (error) {
        log(`consumer ${host.name} failed on ${trigger.queue}: ${(error as Error).message}`);
      }
      const done = messages.filter((m) => !failed.has(m.MessageId!));
      if (done.length > 0) {
        await sqs
          .send(
            new DeleteMessageBatchCommand({
              QueueUrl: queue.url,
              Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
            }),
          )
          .catch((error: Error) => log(`poller ${trigger.queue}: delete failed: ${error.message}`));
      }
    }
  };
  const loops = Array.from({ length: Math.min(LOCAL_POLLERS_PER_SOURCE, trigger.maxConcurrency) }, () => loop());
  return {
    stop: async () => {
      running = false;
      abort.abort();
      await Promise.allSettled(loops);
    },
  };
};
