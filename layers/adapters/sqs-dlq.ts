import type { DeadLetters, DlqMessage } from '#core/admin/dlq-actions';
import { sqsReady, type SqsClientSource } from './sqs-publisher.ts';

export interface LaneQueues {
  url: string;
  dlqUrl: string;
}

/** A peek holds messages this long (SQS's minimum is 0; a peeked message is visible again at once). */
const PEEK_VISIBILITY_SECONDS = 0;
/** Replay holds a batch while it is copied; longer than a send + delete. */
const REPLAY_VISIBILITY_SECONDS = 30;

// The client and its commands load with the first view (sqsReady): an admin container that never
// opens one keeps SQS out of its cold start.
type Ready = Awaited<ReturnType<typeof sqsReady>>;

const receive = async ({ sqs, ReceiveMessageCommand }: Ready, url: string, max: number, visibility: number) => {
  const { Messages } = await sqs.send(
    new ReceiveMessageCommand({
      QueueUrl: url,
      MaxNumberOfMessages: Math.min(10, max),
      VisibilityTimeout: visibility,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
    }),
  );
  return Messages ?? [];
};

export const sqsDeadLetters = (source: SqsClientSource, lanes: Record<string, LaneQueues>): DeadLetters => {
  const laneOf = (name: string) => lanes[name]!;
  return {
    lanes: () => Object.keys(lanes),
    async depth(name) {
      const { sqs, GetQueueAttributesCommand } = await sqsReady(source);
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: laneOf(name).dlqUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return { depth: Number(Attributes?.ApproximateNumberOfMessages ?? 0), inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0) };
    },
    async peek(name, max) {
      const loaded = await sqsReady(source);
      const seen = new Map<string, DlqMessage>();
      // Receives can return the same message twice (visibility 0); a few rounds fill the page.
      for (let round = 0; round < 5 && seen.size < max; round++) {
        const batch = await receive(loaded, laneOf(name).dlqUrl, max - seen.size, PEEK_VISIBILITY_SECONDS);
        if (batch.length === 0) break;
        for (const m of batch) {
          if (seen.size >= max || seen.has(m.MessageId!)) continue;
          const sent = m.Attributes?.SentTimestamp;
          seen.set(m.MessageId!, {
            messageId: m.MessageId!,
            body: m.Body ?? '',
            ...(m.Attributes?.ApproximateReceiveCount ? { receiveCount: Number(m.Attributes.ApproximateReceiveCount) } : {}),
            ...(sent ? { sentAt: new Date(Number(sent)).toISOString() } : {}),
          });
        }
      }
      return [...seen.values()];
    },
    async replay(name, max) {
      const { url, dlqUrl } = laneOf(name);
      const loaded = await sqsReady(source);
      const { sqs, SendMessageBatchCommand, DeleteMessageBatchCommand } = loaded;
      let moved = 0;
      while (moved < max) {
        const batch = await receive(loaded, dlqUrl, max - moved, REPLAY_VISIBILITY_SECONDS);
        if (batch.length === 0) break;
        // Send first, delete only what was sent: a crash in between duplicates (consumers are idempotent), never loses.
        const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '' })) }));
        const ok = new Set((sent.Successful ?? []).map((s) => Number(s.Id)));
        const done = batch.filter((_, i) => ok.has(i));
        if (done.length > 0) {
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: dlqUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
        }
        moved += done.length;
        if (done.length < batch.length) break;
      }
      return moved;
    },
  };
};
