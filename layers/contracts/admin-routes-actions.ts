import * as z from 'zod/mini';
import { adminRouteTable, READ_ERRORS } from './admin-route.ts';
import { providerParams, providerStateView, providerSwitchBody } from './admin-providers.ts';
import { dlqMessage, dlqView, pageOf, replayBody, resendResult } from './admin.ts';
import { cancelRequestResult } from './cancel-request.ts';

// adminActions' routes: /api/admin/actions/…, operator actions, each audited; the DLQ depth list is
// a read (handlers: functions/http/admin/actions-routes.ts).

const sendId = z.object({ sendId: z.string() });
const queue = z.object({ queue: z.string().check(z.describe('a request or channel lane, e.g. smsGeneral')) });

export const actionRoutes = adminRouteTable({
  resend: {
    method: 'POST', path: '/api/admin/actions/send-records/{sendId}/resend', role: 'operator', params: sendId,
    result: () => resendResult, summary: '重发 (FAILED/UNSENDABLE → UNSENT, count reset)', errors: [...READ_ERRORS, 'INVALID_STATE'],
  },
  cancel: {
    method: 'POST', path: '/api/admin/actions/send-records/{sendId}/cancel', role: 'operator', params: sendId,
    result: () => resendResult, summary: '取消 (UNSENT → CANCELLED)', errors: [...READ_ERRORS, 'INVALID_STATE'],
  },
  cancelScheduled: {
    method: 'POST', path: '/api/admin/actions/requests/{institution}/{requestNo}/cancel', role: 'operator',
    params: z.object({ institution: z.string(), requestNo: z.string() }),
    result: () => cancelRequestResult, summary: '取消定时发送 (a scheduled request, before its sendAt)', errors: [...READ_ERRORS, 'INVALID_STATE'],
  },
  dlqDepths: { method: 'GET', path: '/api/admin/actions/dlq', role: 'viewer', result: () => pageOf(dlqView), summary: '死信队列深度', errors: READ_ERRORS },
  dlqPeek: {
    method: 'GET', path: '/api/admin/actions/dlq/{queue}/messages', role: 'operator', params: queue,
    query: z.object({ max: z._default(z.pipe(z.coerce.number(), z.int()).check(z.gte(1), z.lte(10)), 10) }),
    result: () => z.object({ queue: z.string(), items: z.array(dlqMessage) }), summary: '查看死信', errors: READ_ERRORS,
  },
  dlqReplay: {
    method: 'POST', path: '/api/admin/actions/dlq/{queue}/replay', role: 'operator', params: queue, body: replayBody,
    result: () => z.object({ queue: z.string(), moved: z.number() }), summary: '死信重放', errors: READ_ERRORS,
  },
  providerStates: { method: 'GET', path: '/api/admin/actions/providers', role: 'viewer', result: () => pageOf(providerStateView), summary: '服务商状态 (熔断与错误率)', errors: READ_ERRORS },
  providerSwitch: {
    method: 'POST', path: '/api/admin/actions/providers/{provider}/switch', role: 'operator', params: providerParams, body: providerSwitchBody,
    result: () => providerStateView, summary: '手工切换服务商 (记入切换记录与审计)', errors: READ_ERRORS,
  },
});
