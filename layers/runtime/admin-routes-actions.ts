import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { replayBody } from '#contracts/admin';
import { cancelSendRecord, resendSendRecord, type SendActionDeps } from '#core/admin/send-record-actions';
import { listDeadLetters, peekDeadLetters, replayDeadLetters, type DeadLetters } from '#core/admin/dlq-actions';
import type { AuditLog } from '#core/admin/ports';
import { adminRouter, bodyOf, queryOf } from './admin-router.ts';

// /api/admin/actions/… (adminActions): operator actions, each audited. Listing DLQ depths is a read.

export interface ActionRouteDeps {
  sendRecords: SendActionDeps['sendRecords'];
  queue: SendActionDeps['queue'];
  lanes: SendActionDeps['lanes'];
  deadLetters: DeadLetters;
  audit: AuditLog;
  now?: () => Date;
}

const peekQuery = z.object({ max: z.coerce.number().int().min(1).max(10).default(10) });
const BASE = '/api/admin/actions';

export const actionsRouter = (routeDeps: ActionRouteDeps) => {
  const deps = { ...routeDeps, now: routeDeps.now ?? (() => new Date()), newId: randomUUID };
  return adminRouter([
    { method: 'POST', pattern: `${BASE}/send-records/:sendId/resend`, role: 'operator', run: (r, p) => resendSendRecord(deps, r.principal, p.sendId!) },
    { method: 'POST', pattern: `${BASE}/send-records/:sendId/cancel`, role: 'operator', run: (r, p) => cancelSendRecord(deps, r.principal, p.sendId!) },
    { method: 'GET', pattern: `${BASE}/dlq`, role: 'viewer', run: async () => ({ items: await listDeadLetters(deps) }) },
    { method: 'GET', pattern: `${BASE}/dlq/:queue/messages`, role: 'operator', run: (r, p) => peekDeadLetters(deps, p.queue!, queryOf(peekQuery, r).max) },
    { method: 'POST', pattern: `${BASE}/dlq/:queue/replay`, role: 'operator', run: (r, p) => replayDeadLetters(deps, r.principal, p.queue!, bodyOf(replayBody, r).max) },
  ]);
};
