import { randomUUID } from 'node:crypto';
import { outboxQuery } from '#contracts/admin';
import { readWithSight } from '#core/admin/read-with-sight';
import { documentClient } from '#adapters/aws-clients';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { queryOutbox } from '#adapters/dynamo/outbox-query';
import { adminAuth, requireRole } from '#runtime/admin-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('adminOutbox');
const doc = documentClient();
const sight = { audit: createAuditLog(doc, env.TABLE_AUDIT), now: () => new Date(), newId: randomUUID };

export const handler = httpHandler({ query: outboxQuery, authenticate: adminAuth }, async ({ query, principal }) => {
  requireRole(principal, 'viewer');
  const { limit: _limit, cursor: _cursor, ...filter } = query;
  return readWithSight(sight, principal, { kind: 'outbox', filter, outbox: true }, await queryOutbox(doc, env.TABLE_MESSAGES, query));
});
