import { createHash, randomUUID } from 'node:crypto';
import { startAwsProxy } from './aws-proxy.ts';

// A loopback proxy the runner can put between the functions and DynamoDB Local or the embedded SQS
// (`interpose`), which misbehaves on purpose for the fault drill. Faults are drawn at random per call.

const DYNAMO_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const SQS_SENDS = new Set(['SendMessage', 'SendMessageBatch']);

export interface ChaosCounts {
  calls: number;
  /** DynamoDB: writes refused before they reached the table. */
  refused: number;
  /** DynamoDB: writes applied, but the caller was told they failed (the ambiguous outcome). */
  appliedButFailed: number;
  /** SQS: sends acknowledged but never delivered (a message lost). */
  dropped: number;
}

export interface ChaosProxy {
  endpoint: string;
  counts: ChaosCounts;
  /** Share of writes (DynamoDB) or sends (SQS) to disturb; 0 turns the faults off. */
  setRate: (rate: number) => void;
  stop: () => Promise<void>;
}

const CONTENT_TYPE = 'application/x-amz-json-1.0';
const internalError = JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'chaos: write failed' });

/** What SQS answers for a send, so the SDK takes a dropped message for a delivered one. */
const fakeSendAnswer = (operation: string, body: Record<string, unknown>): string => {
  if (operation === 'SendMessage') return JSON.stringify({ MessageId: randomUUID(), MD5OfMessageBody: md5(String(body.MessageBody ?? '')) });
  const entries = (body.Entries ?? []) as { Id: string; MessageBody: string }[];
  return JSON.stringify({ Successful: entries.map((e) => ({ Id: e.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(e.MessageBody) })), Failed: [] });
};

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

export const startChaosProxy = async (target: string, service: 'dynamodb' | 'sqs', options: { rate?: number; random?: () => number } = {}): Promise<ChaosProxy> => {
  const counts: ChaosCounts = { calls: 0, refused: 0, appliedButFailed: 0, dropped: 0 };
  const random = options.random ?? Math.random;
  let rate = options.rate ?? 0;
  const failed = { status: 500, headers: { 'content-type': CONTENT_TYPE }, body: internalError };
  const proxy = await startAwsProxy(target, async ({ operation, body, forward }) => {
    counts.calls++;
    const disturbed = rate > 0 && (service === 'dynamodb' ? DYNAMO_WRITES : SQS_SENDS).has(operation) && random() < rate;
    if (!disturbed) return forward();
    if (service === 'sqs') {
      counts.dropped++;
      return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: fakeSendAnswer(operation, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>) };
    }
    if (random() < 0.5) {
      counts.refused++;
      return failed;
    }
    await forward();
    counts.appliedButFailed++;
    return failed;
  });
  return {
    endpoint: proxy.endpoint,
    counts,
    setRate: (next) => {
      rate = next;
    },
    stop: proxy.stop,
  };
};
