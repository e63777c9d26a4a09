import { startAwsProxy } from '../test/support/aws-proxy.ts';

/** What went through a proxy: requests per operation and, for DynamoDB, the capacity they consumed. */
export interface Counts {
  requests: Record<string, number>;
  writeUnits: number;
  readUnits: number;
  /** DynamoDB only: `<operation> <item kind>` → requests and units, where the kind is the key's prefix (REQ, SEND…). */
  byKind: Record<string, { requests: number; units: number; indexUnits: number }>;
  /** DynamoDB only: item writes per partition key, `<table> <pk>` and `<table>.<index> <index pk>` (keyWrites). */
  keyWrites: Map<string, number>;
}

type Capacity = { CapacityUnits?: number; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };
type Attr = { S?: string };

/**
 * The kinds of item a DynamoDB call touches: the part of each partition key before its first `#`;
 * rate windows by whose they are (`RATE#<PROVIDER>#…` a provider's seconds, `RATE#<scope>#<institution>#…` an institution's minute).
 */
const kindsOf = (operation: string, body: Record<string, unknown>): string[] => {
  const pkOf = (key: unknown) => {
    const [kind, owner = ''] = String((key as { pk?: Attr } | undefined)?.pk?.S ?? '?').split('#');
    return kind === 'RATE' ? (/^[A-Z][A-Z_]*$/.test(owner) ? 'RATE:provider' : 'RATE:institution') : kind!;
  };
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

type Item = Record<string, Attr>;
type WriteOp = { TableName?: string; Item?: Item; Key?: Item; UpdateExpression?: string; ExpressionAttributeNames?: Record<string, string>; ExpressionAttributeValues?: Item };

/** The one-item writes a call makes: a batch or a transaction is several, a condition check none. */
const writeOps = (operation: string, body: Record<string, unknown>): WriteOp[] => {
  if (operation === 'TransactWriteItems') {
    const items = (body.TransactItems ?? []) as Record<string, WriteOp>[];
    return items.flatMap((t) => Object.entries(t).filter(([kind]) => kind !== 'ConditionCheck').map(([, op]) => op));
  }
  if (operation === 'BatchWriteItem') {
    return Object.entries((body.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]>).flatMap(([TableName, requests]) =>
      requests.map((r) => ({ TableName, ...(r.PutRequest ? { Item: r.PutRequest.Item } : { Key: r.DeleteRequest?.Key }) })),
    );
  }
  return [body as WriteOp];
};

/**
 * The partition keys one item write lands on: the table's `pk`, and each index whose key it sets
 * (the manifest names an index's partition key `<index>pk`): a put's item attributes, an update's
 * `SET <index>pk = :v`. An update that leaves an index key alone is counted on the table only.
 */
const partitionsOf = (op: WriteOp): string[] => {
  const table = op.TableName ?? '?';
  const item = op.Item ?? op.Key ?? {};
  const keys = [`${table} ${item.pk?.S ?? '?'}`];
  if (op.Item) for (const [name, value] of Object.entries(op.Item)) if (name !== 'pk' && name.endsWith('pk') && value.S) keys.push(`${table}.${name.slice(0, -2)} ${value.S}`);
  if (op.UpdateExpression) {
    const names = op.ExpressionAttributeNames ?? {};
    for (const [, ref, value] of op.UpdateExpression.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
      const name = names[ref!] ?? ref!;
      const set = op.ExpressionAttributeValues?.[value!]?.S;
      if (name !== 'pk' && name.endsWith('pk') && set) keys.push(`${table}.${name.slice(0, -2)} ${set}`);
    }
  }
  return keys;
};

/** The partition keys a successful write call wrote to, one entry per item write. */
export const keyWritesOf = (operation: string, body: Record<string, unknown>): string[] => writeOps(operation, body).flatMap(partitionsOf);

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const READS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/**
 * A loopback proxy in front of DynamoDB Local or the SQS endpoint that counts requests by operation.
 * For DynamoDB it asks for ReturnConsumedCapacity on every call and sums what comes back (tables and
 * indexes), so the bench reports the units the deployed functions would be billed for.
 */
export const startCountingProxy = async (target: string, service: 'dynamodb' | 'sqs') => {
  const counts: Counts = { requests: {}, writeUnits: 0, readUnits: 0, byKind: {}, keyWrites: new Map() };
  const proxy = await startAwsProxy(target, async ({ operation, body, forward }) => {
    counts.requests[operation] = (counts.requests[operation] ?? 0) + 1;
    const measured = service === 'dynamodb' && (WRITES.has(operation) || READS.has(operation));
    if (!measured) return forward();
    const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    parsed.ReturnConsumedCapacity = 'INDEXES';
    const kind = `${operation} ${[...new Set(kindsOf(operation, parsed))].join('+')}`;
    const answer = await forward(Buffer.from(JSON.stringify(parsed)));
    if (answer.status < 300) {
      const result = JSON.parse(answer.body.toString() || '{}') as { ConsumedCapacity?: Capacity | Capacity[] };
      const capacities = [result.ConsumedCapacity ?? []].flat();
      const consumed = capacities.reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const onIndexes = capacities
        .flatMap((c) => Object.values(c.GlobalSecondaryIndexes ?? {}))
        .reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      if (WRITES.has(operation)) {
        counts.writeUnits += consumed;
        for (const key of keyWritesOf(operation, parsed)) counts.keyWrites.set(key, (counts.keyWrites.get(key) ?? 0) + 1);
      }
      else counts.readUnits += consumed;
      const entry = (counts.byKind[kind] ??= { requests: 0, units: 0, indexUnits: 0 });
      entry.requests += 1;
      entry.units += consumed;
      entry.indexUnits += onIndexes;
    }
    return answer;
  });
  return {
    endpoint: proxy.endpoint,
    counts,
    reset: () => {
      counts.requests = {};
      counts.writeUnits = 0;
      counts.readUnits = 0;
      counts.byKind = {};
      counts.keyWrites = new Map();
    },
    stop: proxy.stop,
  };
};
