import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ProviderKind } from '#contracts/config-platform';
import type { BreakerState, BreakerStore, RateLimiter, WindowCounts } from '#core/failover/ports';
import { conditional } from './request-processing-store.ts';
import { takeFromWindow } from './rate-counter.ts';

// Provider breakers and rate limits in the messages table (docs/ARCHITECTURE.md → "Providers:
// failover and rate limits"):
//   BREAKER#<provider> / STATE              the breaker (phase, since, openUntil, probeUntil, version)
//   BREAKER#<provider> / W#<bucket start>   outcomes of one 10-second bucket (calls, errors; TTL)
//   RATE#<provider>#<block start>#<part> / N    messages granted in each second of a 10-second
//                                               block: s0 … s9 (TTL)
// The allowance is a fixed one-second window (one attribute of the block's item), taken with one
// atomic ADD whose condition refuses to pass the limit, so concurrent senders never read-modify-write.
// A sender that sends about a message a second reserves one message of each of the block's later
// seconds in the same write (all of them or none), so it writes once per block instead of once per
// message. A fast provider's second is split into parts of at most RATE_PER_PART messages, each with
// its share of the limit (a sender takes from a random part, then from another), so no key takes more
// writes a second than DynamoDB serves comfortably.

const COUNTER_TTL_S = 3_600;
const RATE_TTL_S = 120;
const RATE_PER_PART = 250;
/** Seconds per rate item: one write reserves ahead at most to the end of the block. */
export const RATE_BLOCK_S = 10;

const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

const closed = (provider: ProviderKind): BreakerState => ({ provider, phase: 'CLOSED', since: new Date(0).toISOString(), version: 0 });

export const createBreakerStore = (doc: DynamoDBDocumentClient, table: string): BreakerStore => ({
  async read(provider) {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: { pk: `BREAKER#${provider}`, sk: 'STATE' }, ConsistentRead: true }));
    if (!Item) return closed(provider);
    const { pk: _pk, sk: _sk, ...state } = Item;
    return state as BreakerState;
  },

  transition(expected, next) {
    return conditional(() =>
      doc.send(
        new PutCommand({
          TableName: table,
          Item: { pk: `BREAKER#${next.provider}`, sk: 'STATE', ...Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) },
          ConditionExpression: expected.version === 0 ? 'attribute_not_exists(pk) OR version = :v' : 'version = :v',
          ExpressionAttributeValues: { ':v': expected.version },
        }),
      ),
    );
  },

  async count(provider, at, counts) {
    await doc.send(
      new UpdateCommand({
        TableName: table,
        Key: { pk: `BREAKER#${provider}`, sk: `W#${at.toISOString()}` },
        UpdateExpression: 'ADD calls :c, errors :e SET expiresAt = :ttl',
        ExpressionAttributeValues: { ':c': counts.calls, ':e': counts.errors, ':ttl': epochSeconds(at) + COUNTER_TTL_S },
      }),
    );
  },

  async window(provider, from, to) {
    const { Items } = await doc.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `BREAKER#${provider}`, ':from': `W#${from.toISOString()}`, ':to': `W#${to.toISOString()}` },
        ConsistentRead: true,
      }),
    );
    return (Items ?? []).reduce<WindowCounts>((sum, item) => ({ calls: sum.calls + Number(item.calls ?? 0), errors: sum.errors + Number(item.errors ?? 0) }), { calls: 0, errors: 0 });
  },
});

/**
 * `wanted` of second `second` and one of each of the `ahead` seconds after it, in one conditional ADD
 * on the block's item: true when every second had room.
 */
const takeAhead = (doc: DynamoDBDocumentClient, table: string, key: Record<string, string>, second: number, wanted: number, ahead: number, limit: number, expiresAt: number) => {
  const offsets = Array.from({ length: ahead + 1 }, (_, i) => (second % RATE_BLOCK_S) + i);
  const names = Object.fromEntries(offsets.map((o) => [`#s${o}`, `s${o}`]));
  return conditional(() =>
    doc.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        UpdateExpression: `ADD ${offsets.map((o, i) => `#s${o} ${i === 0 ? ':n' : ':one'}`).join(', ')} SET expiresAt = if_not_exists(expiresAt, :expiresAt)`,
        ConditionExpression: offsets.map((o, i) => `(attribute_not_exists(#s${o}) OR #s${o} <= ${i === 0 ? ':room' : ':roomOne'})`).join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':n': wanted, ':one': 1, ':room': limit - wanted, ':roomOne': limit - 1, ':expiresAt': expiresAt },
      }),
    ),
  );
};

export const createRateLimiter = (doc: DynamoDBDocumentClient, table: string): RateLimiter => ({
  async acquire(provider, wanted, limitPerSecond, now, ahead = 0) {
    const second = epochSeconds(now);
    const retryAt = new Date((second + 1) * 1000).toISOString();
    const total = Math.max(1, Math.floor(limitPerSecond));
    const parts = Math.ceil(total / RATE_PER_PART);
    const limit = Math.floor(total / parts);
    const start = Math.floor(Math.random() * parts);
    const block = second - (second % RATE_BLOCK_S);
    const keyOf = (part: number) => ({ pk: `RATE#${provider}#${block}#${part}`, sk: 'N' });
    const expiresAt = block + RATE_BLOCK_S + RATE_TTL_S;
    const reachable = Math.min(ahead, RATE_BLOCK_S - 1 - (second % RATE_BLOCK_S));
    if (reachable > 0 && wanted <= limit && (await takeAhead(doc, table, keyOf(start), second, wanted, reachable, limit, expiresAt))) return { granted: wanted, retryAt, ahead: reachable };
    for (let tried = 0; tried < Math.min(parts, 2); tried++) {
      const granted = await takeFromWindow(doc, { table, key: keyOf((start + tried) % parts), attribute: `s${second % RATE_BLOCK_S}`, limit, expiresAt }, wanted);
      if (granted > 0) return { granted, retryAt };
    }
    return { granted: 0, retryAt };
  },
});
