import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChannelKind } from '#contracts/config-common';
import { outboxEntry, type OutboxEntry } from '#contracts/records';
import { outboxDayShards } from './message-keys.ts';
import { daysBack, queryPartitions } from './record-queries.ts';

export interface OutboxFilter {
  channel?: ChannelKind | undefined;
  to?: string | undefined;
  requestNo?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface OutboxPage {
  items: OutboxEntry[];
  cursor?: string;
}

/** The listing walks back day by day, this far at most. */
export const OUTBOX_DAYS_BACK = 30;

/**
 * OUTBOX entries newest first (by when their message was created), one day partition after another
 * (docs/ARCHITECTURE.md); channel, `to` and requestNo filter inside the partition. Never a table
 * scan, and no index: the OUTBOX provider's one write is the entry itself.
 */
export const queryOutbox = (doc: DynamoDBDocumentClient, tableName: string, filter: OutboxFilter, now: Date = new Date()): Promise<OutboxPage> =>
  queryPartitions(doc, {
    table: tableName,
    partitions: daysBack({}, now, OUTBOX_DAYS_BACK).map((day) => outboxDayShards(day)),
    filters: { channel: filter.channel, to: filter.to, requestNo: filter.requestNo },
    limit: filter.limit,
    cursor: filter.cursor,
    view: (item) => outboxEntry().parse(item),
  });
