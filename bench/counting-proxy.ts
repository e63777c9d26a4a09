import { createServer, request as httpRequest, type Server } from 'node:http';
import { freePort } from '../infra/local/free-port.ts';

/** What went through a proxy: requests per operation and, for DynamoDB, the capacity they consumed. */
export interface Counts {
  requests: Record<string, number>;
  writeUnits: number;
  readUnits: number;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/**
 * A loopback proxy in front of DynamoDB Local or the SQS endpoint that counts requests by operation.
 * For DynamoDB it asks for ReturnConsumedCapacity on every call and sums what comes back (tables and
 * indexes), so the bench reports the units the deployed functions would be billed for.
 */
export const startCountingProxy = async (target: string, service: 'dynamodb' | 'sqs') => {
  const counts: Counts = { requests: {}, writeUnits: 0, readUnits: 0 };
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? 'unknown').split('.').pop()!;
      counts.requests[operation] = (counts.requests[operation] ?? 0) + 1;
      let body = Buffer.concat(chunks);
      const measured = service === 'dynamodb' && (WRITES.has(operation) || READS.has(operation));
      if (measured) {
        const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        parsed.ReturnConsumedCapacity = 'TOTAL';
        body = Buffer.from(JSON.stringify(parsed));
      }
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          const payload = Buffer.concat(parts);
          if (measured && (up.statusCode ?? 500) < 300) {
            const parsed = JSON.parse(payload.toString('utf8') || '{}') as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] };
            const consumed = [parsed.ConsumedCapacity ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
            if (WRITES.has(operation)) counts.writeUnits += consumed;
            else counts.readUnits += consumed;
          }
          res.writeHead(up.statusCode ?? 500, up.headers);
          res.end(payload);
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
    reset: () => {
      counts.requests = {};
      counts.writeUnits = 0;
      counts.readUnits = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
