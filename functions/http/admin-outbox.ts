import * as z from 'zod';
import { channelKind } from '#contracts/config-common';
import { documentClient } from '#adapters/aws-clients';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { adminAuth, requireRole } from '#runtime/admin-auth';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = parseEnv(z.object({ TABLE_MESSAGES: z.string() }));
const doc = documentClient();

const outboxQuery = z.object({
  channel: channelKind.optional(),
  to: z.string().min(1).max(256).optional(),
  requestNo: z.string().min(1).max(32).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2000).optional(),
});

export const handler = httpHandler({ query: outboxQuery, authenticate: adminAuth }, async ({ query, principal }) => {
  requireRole(principal, 'viewer');
  return queryOutbox(doc, env.TABLE_MESSAGES, query);
});
