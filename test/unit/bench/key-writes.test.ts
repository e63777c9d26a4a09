import { describe, expect, it } from 'vitest';
import { hottestKey } from '../../../bench/ceiling.ts';
import { keyWritesOf } from '../../../bench/counting-proxy.ts';

// The throughput bench's hottest-key share is counted at the DynamoDB endpoint: each item write on
// the table's partition key, and on an index's when the write sets that index's key.

describe('partition keys a DynamoDB write call lands on', () => {
  it('counts a put on its pk and on each index key it carries', () => {
    const put = { TableName: 'mp-messages', Item: { pk: { S: 'REQ#A#1' }, sk: { S: 'REQ' }, daypk: { S: 'REQDAY#2026-12-01#3' }, daysk: { S: 'x' }, status: { S: 'ACCEPTED' } } };
    expect(keyWritesOf('PutItem', put)).toEqual(['mp-messages REQ#A#1', 'mp-messages.day REQDAY#2026-12-01#3']);
  });

  it('counts an update on its key, and on an index only when it sets that index key (named or not)', () => {
    const update = {
      TableName: 'mp-messages',
      Key: { pk: { S: 'SEND#2026-12-01#7' }, sk: { S: 'S1' } },
      UpdateExpression: 'SET #s = :s, #p = :p, gsi1pk = :g',
      ExpressionAttributeNames: { '#s': 'status', '#p': 'pendingpk' },
      ExpressionAttributeValues: { ':s': { S: 'SENT' }, ':p': { S: 'PENDING#3' }, ':g': { S: 'BY#X' } },
    };
    expect(keyWritesOf('UpdateItem', update)).toEqual(['mp-messages SEND#2026-12-01#7', 'mp-messages.pending PENDING#3', 'mp-messages.gsi1 BY#X']);
    expect(keyWritesOf('UpdateItem', { TableName: 't', Key: { pk: { S: 'K' } }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'x' } } })).toEqual(['t K']);
  });

  it('counts every item of a batch and of a transaction, but not a condition check', () => {
    const batch = { RequestItems: { a: [{ PutRequest: { Item: { pk: { S: 'P1' } } } }, { DeleteRequest: { Key: { pk: { S: 'P2' } } } }], b: [{ PutRequest: { Item: { pk: { S: 'P1' } } } }] } };
    expect(keyWritesOf('BatchWriteItem', batch)).toEqual(['a P1', 'a P2', 'b P1']);
    const transaction = {
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: { S: 'A' } } } },
        { ConditionCheck: { TableName: 't', Key: { pk: { S: 'B' } }, ConditionExpression: 'attribute_exists(pk)' } },
        { Update: { TableName: 't', Key: { pk: { S: 'C' } }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': { S: '1' } } } },
        { Delete: { TableName: 't', Key: { pk: { S: 'D' } } } },
      ],
    };
    expect(keyWritesOf('TransactWriteItems', transaction)).toEqual(['t A', 't C', 't D']);
  });

  it('names the hottest key and its share of the writes', () => {
    const writes = new Map([['t A', 3], ['t B', 1]]);
    expect(hottestKey(writes)).toEqual({ totalWrites: 4, keys: 2, hottestKey: 't A', hottestWrites: 3, hottestShare: 0.75, goal: 1 / 16 });
    expect(hottestKey(new Map()).hottestShare).toBe(0);
  });
});
