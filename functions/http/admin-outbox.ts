import * as z from 'zod';
import { outboxQuery } from '#contracts/admin';
import { documentClient } from '#adapters/aws-clients';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { adminAuth, requireRole } from '#runtime/admin-auth';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = parseEnv(z.object({ TABLE_MESSAGES: z.string() }));
const doc = documentClient();

export const handler = httpHandler({ query: outboxQuery, authenticate: adminAuth }, async ({ query, principal }) => {
  requireRole(principal, 'viewer');
  return queryOutbox(doc, env.TABLE_MESSAGES, query);
});
