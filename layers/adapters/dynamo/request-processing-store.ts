import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { messageRequest, recipient, type Recipient } from '#contracts/records';
import { lazily } from '#contracts/primitives';
import type { PendingRequest, RequestProcessingStore } from '#core/delivery/ports';
import { chunkPrefix, requestKey as keyOf, requestPendingPartition } from './message-keys.ts';
import { queryPending } from './pending-index.ts';

// Key layout: docs/ARCHITECTURE.md (messages table: request, request users chunk, pending index).
const users = lazily(() => z.array(recipient()));

const pendingRequest = lazily(() => z.pick(messageRequest(), { institution: true, requestNo: true, status: true, greenLane: true, attempts: true, updatedAt: true }));

export const isConditionFailure = (error: unknown): boolean => (error as Error).name === 'ConditionalCheckFailedException';

/** Runs a conditional write; false when its condition did not hold (someone else moved the item first). */
export const conditional = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
};

export const createRequestProcessingStore = (doc: DynamoDBDocumentClient, tableName: string): RequestProcessingStore => ({
  async find(institution, requestNo) {
    const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: keyOf(institution, requestNo), ConsistentRead: true }));
    return Item ? messageRequest().parse(Item) : undefined;
  },

  async recipients(request) {
    const key = keyOf(request.institution, request.requestNo);
    if (request.chunkCount === 0) {
      const { Item } = await doc.send(new GetCommand({ TableName: tableName, Key: key, ProjectionExpression: '#u', ExpressionAttributeNames: { '#u': 'users' }, ConsistentRead: true }));
      return users().parse(Item?.users ?? []);
    }
    const all: Recipient[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :users)',
          ExpressionAttributeValues: { ':pk': key.pk, ':users': chunkPrefix(request.institution) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) all.push(...users().parse(item.users ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return all;
  },

  transition(request, change) {
    const values: Record<string, unknown> = { ':from': request.status, ':seen': request.updatedAt, ':to': change.to, ':at': change.at };
    const set = ['#s = :to', 'updatedAt = :at'];
    if (change.attempts !== undefined) {
      set.push('attempts = :attempts');
      values[':attempts'] = change.attempts;
    }
    if (change.interceptReason !== undefined) {
      set.push('interceptReason = :reason');
      values[':reason'] = change.interceptReason;
    }
    if (change.cancelledBy !== undefined) {
      set.push('cancelledBy = :cancelledBy');
      values[':cancelledBy'] = change.cancelledBy;
    }
    if (change.outcome !== undefined) {
      set.push('outcome = if_not_exists(outcome, :outcome)');
      values[':outcome'] = change.outcome;
    }
    if (change.outcomeSendId !== undefined) {
      set.push('outcomeSendId = :outcomeSendId');
      values[':outcomeSendId'] = change.outcomeSendId;
    }
    let remove = '';
    if (change.nextCheckAt) {
      set.push('pendingpk = if_not_exists(pendingpk, :ppk)', 'pendingsk = :next');
      values[':ppk'] = requestPendingPartition(request.institution, request.requestNo);
      values[':next'] = change.nextCheckAt;
    } else {
      remove = ' REMOVE pendingpk, pendingsk';
    }
    return conditional(() =>
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(request.institution, request.requestNo),
          UpdateExpression: `SET ${set.join(', ')}${remove}`,
          ConditionExpression: '#s = :from AND updatedAt = :seen',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: values,
        }),
      ),
    );
  },

  async pending(shard, now, limit) {
    const items = await queryPending(doc, tableName, `REQ#${shard}`, now, limit);
    return items.map((item): PendingRequest => pendingRequest().parse(item));
  },

  postpone(item, nextCheckAt) {
    return conditional(() =>
      doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: keyOf(item.institution, item.requestNo),
          UpdateExpression: 'SET pendingsk = :next',
          ConditionExpression: '#s = :s AND updatedAt = :u AND attribute_exists(pendingpk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':next': nextCheckAt, ':s': item.status, ':u': item.updatedAt },
        }),
      ),
    );
  },
});
