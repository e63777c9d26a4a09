import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReceiveInboundDeps } from '#core/upstream/receive-inbound-sms';
import { cachedConfig } from '../cached-config.ts';
import { createConfigStore } from '../dynamo/config-store.ts';
import { createUpstreamStore } from '../dynamo/upstream-store.ts';
import { unsubscribeList } from './unsubscribe-list.ts';

/** What both inbound paths (the gateway's HTTP callback, the two-way SMS topic's queue) store through. */
export const createInboundDeps = (doc: DynamoDBDocumentClient, tables: { config: string; messages: string; audit: string }): ReceiveInboundDeps => {
  const store = createConfigStore(doc, tables.config, tables.audit);
  const now = () => new Date();
  return {
    store: createUpstreamStore(doc, tables.messages),
    // Keywords and business types through the short-TTL cache; blacklist writes straight to the table.
    config: cachedConfig(store),
    blacklist: unsubscribeList(store, { now, newId: randomUUID }),
    now,
  };
};
