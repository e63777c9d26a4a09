import { createHash, randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { freePort } from '../../infra/local/free-port.ts';

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
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      counts.calls++;
      const disturbed = rate > 0 && (service === 'dynamodb' ? DYNAMO_WRITES : SQS_SENDS).has(operation) && random() < rate;
      const contentType = 'application/x-amz-json-1.0';
      if (disturbed && service === 'sqs') {
        counts.dropped++;
        res.writeHead(200, { 'content-type': contentType });
        res.end(fakeSendAnswer(operation, JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>));
        return;
      }
      const applyThenFail = disturbed && random() < 0.5;
      if (disturbed && !applyThenFail) {
        counts.refused++;
        res.writeHead(500, { 'content-type': contentType });
        res.end(internalError);
        return;
      }
      const headers = { ...req.headers, host: upstream.host };
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          if (applyThenFail) {
            counts.appliedButFailed++;
            res.writeHead(500, { 'content-type': contentType });
            res.end(internalError);
            return;
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(Buffer.concat(parts));
        });
      });
      out.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      out.end(body);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    counts,
    setRate: (next) => {
      rate = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
