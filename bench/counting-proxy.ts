import { createServer, request as httpRequest, type Server } from 'node:http';
import { freePort } from '../infra/local/free-port.ts';

/** What went through a proxy: requests per operation and, for DynamoDB, the capacity they consumed. */
export interface Counts {
  requests: Record<string, number>;
  writeUnits: number;
  readUnits: number;
  /** DynamoDB only: `<operation> <item kind>` → requests and units, where the kind is the key's prefix (REQ, SEND…). */
  byKind: Record<string, { requests: number; units: number; indexUnits: number }>;
}

type Capacity = { CapacityUnits?: number; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };
type Attr = { S?: string };

/** The kinds of item a DynamoDB call touches: the part of each partition key before its first `#`. */
const kindsOf = (operation: string, body: Record<string, unknown>): string[] => {
  const pkOf = (key: unknown) => String((key as { pk?: Attr } | undefined)?.pk?.S ?? '?').split('#')[0]!;
  if (operation === 'TransactWriteItems') {
    const items = (body.TransactItems ?? []) as Record<string, { Item?: unknown; Key?: unknown }>[];
    return items.map((t) => Object.values(t)[0]).map((op) => pkOf(op?.Item ?? op?.Key));
  }
  if (operation === 'BatchWriteItem') {
    const requests = Object.values((body.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]>).flat();
    return requests.map((r) => pkOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key));
  }
  if (operation === 'Query') return [`${String(body.IndexName ?? 'table')}`];
  return [pkOf(body.Item ?? body.Key)];
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/**
 * A loopback proxy in front of DynamoDB Local or the SQS endpoint that counts requests by operation.
 * For DynamoDB it asks for ReturnConsumedCapacity on every call and sums what comes back (tables and
 * indexes), so the bench reports the units the deployed functions would be billed for.
 */
export const startCountingProxy = async (target: string, service: 'dynamodb' | 'sqs') => {
  const counts: Counts = { requests: {}, writeUnits: 0, readUnits: 0, byKind: {} };
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const operation = String(req.headers['x-amz-target'] ?? 'unknown').split('.').pop()!;
      counts.requests[operation] = (counts.requests[operation] ?? 0) + 1;
      let body = Buffer.concat(chunks);
      const measured = service === 'dynamodb' && (WRITES.has(operation) || READS.has(operation));
      let kind = '';
      if (measured) {
        const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        parsed.ReturnConsumedCapacity = 'INDEXES';
        kind = `${operation} ${[...new Set(kindsOf(operation, parsed))].join('+')}`;
        body = Buffer.from(JSON.stringify(parsed));
      }
      const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
      const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          const payload = Buffer.concat(parts);
          if (measured && (up.statusCode ?? 500) < 300) {
            const parsed = JSON.parse(payload.toString('utf8') || '{}') as { ConsumedCapacity?: Capacity | Capacity[] };
            const capacities = [parsed.ConsumedCapacity ?? []].flat();
            const consumed = capacities.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
            const onIndexes = capacities
              .flatMap((c) => Object.values(c.GlobalSecondaryIndexes ?? {}))
              .reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
            if (WRITES.has(operation)) counts.writeUnits += consumed;
            else counts.readUnits += consumed;
            const entry = (counts.byKind[kind] ??= { requests: 0, units: 0, indexUnits: 0 });
            entry.requests += 1;
            entry.units += consumed;
            entry.indexUnits += onIndexes;
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
      counts.byKind = {};
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
