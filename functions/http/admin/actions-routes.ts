import { randomUUID } from 'node:crypto';
import { actionRoutes } from '#contracts/admin-routes-actions';
import { listDeadLetters, peekDeadLetters, replayDeadLetters, type DeadLetters } from '#core/admin/dlq-actions';
import { auditOf, type AuditLog } from '#core/admin/ports';
import { listProviderStates, switchProvider, type ProviderActionDeps } from '#core/admin/provider-actions';
import { cancelSendRecord, resendSendRecord, type SendActionDeps } from '#core/admin/send-record-actions';
import { cancelScheduledRequest, type CancelRequestDeps } from '#core/messages/cancel-request';
import { adminRouter } from '#runtime/admin-router';

// adminActions' handlers, one per row of actionRoutes: operator actions, each audited.

export interface ActionRouteDeps {
  sendRecords: SendActionDeps['sendRecords'];
  queue: SendActionDeps['queue'];
  lanes: SendActionDeps['lanes'];
  deadLetters: DeadLetters;
  audit: AuditLog;
  guard: ProviderActionDeps['guard'];
  /** Scheduled requests an operator may cancel before their time. */
  scheduled: Omit<CancelRequestDeps, 'now'>;
  now?: () => Date;
}

export const actionsRouter = (routeDeps: ActionRouteDeps) => {
  const deps = { ...routeDeps, now: routeDeps.now ?? (() => new Date()), newId: randomUUID };
  return adminRouter(actionRoutes, {
    resend: ({ principal, params }) => resendSendRecord(deps, principal, params.sendId),
    cancel: ({ principal, params }) => cancelSendRecord(deps, principal, params.sendId),
    cancelScheduled: async ({ principal, params }) => {
      const result = await cancelScheduledRequest({ ...deps.scheduled, now: deps.now }, { ...params, by: `admin:${principal.username}` });
      await deps.audit.record(auditOf(deps, principal, { entity: 'request', entityId: `${params.institution}#${params.requestNo}`, action: 'cancel', after: { status: 'CANCELLED' } }));
      return result;
    },
    dlqDepths: async () => ({ items: await listDeadLetters(deps) }),
    dlqPeek: ({ params, query }) => peekDeadLetters(deps, params.queue, query.max),
    dlqReplay: ({ principal, params, body }) => replayDeadLetters(deps, principal, params.queue, body.max),
    providerStates: () => listProviderStates(deps),
    providerSwitch: ({ principal, params, body }) => switchProvider(deps, principal, params.provider, body),
  });
};
