import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { outboxQuery } from '#contracts/admin';
import { readWithSight } from '#core/admin/read-with-sight';
import { documentClient } from '#adapters/aws-clients';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { adminAuth, requireRole } from '#runtime/admin-auth';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = parseEnv(z.object({ TABLE_MESSAGES: z.string(), TABLE_AUDIT: z.string() }));
const doc = documentClient();
const sight = { audit: createAuditLog(doc, env.TABLE_AUDIT), now: () => new Date(), newId: randomUUID };

export const handler = httpHandler({ query: outboxQuery, authenticate: adminAuth }, async ({ query, principal }) => {
  requireRole(principal, 'viewer');
  const { limit: _limit, cursor: _cursor, ...filter } = query;
  return readWithSight(sight, principal, { kind: 'outbox', filter, outbox: true }, await queryOutbox(doc, env.TABLE_MESSAGES, query));
});
