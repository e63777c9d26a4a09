import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueuePublisher } from '#core/queue-port';
import { sqsMessages, type SqsMessages } from './sqs-messages.ts';

/** A client at hand, or one loaded with the first message (aws-clients.ts loadSqsClient). */
export type SqsClientSource = SQSClient | (() => Promise<SQSClient>);

/** The client and the SDK's commands (sqs-commands.ts), loaded (once) when the first is sent. */
export const sqsReady = async (source: SqsClientSource) => {
  const [sqs, commands] = await Promise.all([typeof source === 'function' ? source() : source, import('./sqs-commands.ts')]);
  return { sqs, ...commands };
};

const SQS_BATCH = 10;
const MAX_DELAY_SECONDS = 900;

/**
 * Messages as JSON to SQS queues, through the platform's own sender (sqs-messages.ts), built with the
 * first message: a function that may not enqueue at all (a sender whose attempts all succeed) builds
 * nothing for it.
 */
export const sqsPublisher = (sender: () => SqsMessages = sqsMessages): QueuePublisher => ({
  async send(queueUrl, message, options) {
    const delay = Math.min(Math.max(0, Math.round(options?.delaySeconds ?? 0)), MAX_DELAY_SECONDS);
    await sender().sendMessage({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message), ...(delay > 0 ? { DelaySeconds: delay } : {}) });
  },
  async sendMany(queueUrl, messages) {
    for (let start = 0; start < messages.length; start += SQS_BATCH) {
      let entries = messages.slice(start, start + SQS_BATCH).map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) }));
      // Retry only the entries SQS refused (a batch can partly fail).
      for (let attempt = 0; entries.length > 0; attempt++) {
        const result = await sender().sendMessageBatch({ QueueUrl: queueUrl, Entries: entries });
        const failed = new Set(result.Failed.map((f) => f.Id));
        if (failed.size === 0) break;
        if (attempt >= 3) throw new Error(`SQS refused ${failed.size} of ${entries.length} messages to ${queueUrl}`);
        entries = entries.filter((e) => failed.has(e.Id));
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  },
});
