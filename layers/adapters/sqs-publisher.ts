import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueuePublisher } from '#core/queue-port';

/** A client at hand, or one loaded with the first message (aws-clients.ts loadSqsClient). */
export type SqsClientSource = SQSClient | (() => Promise<SQSClient>);

/** The client and the SDK's commands (sqs-commands.ts), loaded (once) when the first is sent. */
export const sqsReady = async (source: SqsClientSource) => {
  const [sqs, commands] = await Promise.all([typeof source === 'function' ? source() : source, import('./sqs-commands.ts')]);
  return { sqs, ...commands };
};

const SQS_BATCH = 10;
const MAX_DELAY_SECONDS = 900;

export const sqsPublisher = (source: SqsClientSource): QueuePublisher => ({
  async send(queueUrl, message, options) {
    const { sqs, SendMessageCommand } = await sqsReady(source);
    const delay = Math.min(Math.max(0, Math.round(options?.delaySeconds ?? 0)), MAX_DELAY_SECONDS);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message), ...(delay > 0 ? { DelaySeconds: delay } : {}) }),
    );
  },
  async sendMany(queueUrl, messages) {
    const { sqs, SendMessageBatchCommand } = await sqsReady(source);
    for (let start = 0; start < messages.length; start += SQS_BATCH) {
      let entries = messages.slice(start, start + SQS_BATCH).map((message, i) => ({ Id: String(i), MessageBody: JSON.stringify(message) }));
      // Retry only the entries SQS refused (a batch can partly fail).
      for (let attempt = 0; entries.length > 0; attempt++) {
        const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const failed = new Set((result.Failed ?? []).map((f) => f.Id));
        if (failed.size === 0) break;
        if (attempt >= 3) throw new Error(`SQS refused ${failed.size} of ${entries.length} messages to ${queueUrl}`);
        entries = entries.filter((e) => failed.has(e.Id));
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  },
});
