import * as z from 'zod/mini';
import { adminRouteTable, READ_ERRORS, WRITE_ERRORS } from './admin-route.ts';
import { filterValue, pageOf, pageQuery } from './admin.ts';
import { callbackConfigView, callbackDeliveryStatus, callbackDeliveryView, callbackSecretIssued, callbackSettings } from './callbacks.ts';
import { calendarDate } from './primitives.ts';
import { liftSuppressionBody, suppressedChannel, suppressionView } from './suppression.ts';
import { upstreamMessage } from './upstream.ts';

// adminDelivery's routes (SPEC §9): suppressions (list, lift), inbound SMS (上行), caller callback
// settings and deliveries (handlers: functions/http/admin/delivery-routes.ts).

const institution = z.object({ institution: z.string().check(z.minLength(1), z.maxLength(32)) });
const optional = z.optional(filterValue());

export const deliveryRoutes = adminRouteTable({
  suppressions: {
    method: 'GET', path: '/api/admin/delivery/suppressions', role: 'viewer',
    query: z.extend(pageQuery, { channel: z.optional(suppressedChannel), address: optional }),
    result: () => pageOf(suppressionView), summary: '抑制名单 (addresses providers reported dead)', errors: READ_ERRORS,
  },
  liftSuppression: {
    method: 'POST', path: '/api/admin/delivery/suppressions/lift', role: 'operator', body: liftSuppressionBody,
    result: () => suppressionView, summary: '解除抑制 (audited)', errors: WRITE_ERRORS,
  },
  upstream: {
    method: 'GET', path: '/api/admin/delivery/upstream', role: 'viewer',
    query: z.extend(pageQuery, { mobile: optional, day: z.optional(calendarDate()), keyword: optional }),
    result: () => pageOf(upstreamMessage), summary: '上行短信 (inbound SMS; day default today, mobile over the last 30 days)', errors: READ_ERRORS,
  },
  callbackConfigs: {
    method: 'GET', path: '/api/admin/delivery/callbacks', role: 'viewer',
    result: () => pageOf(callbackConfigView()), summary: '回调配置 (callback URLs per institution)', errors: READ_ERRORS,
  },
  setCallback: {
    method: 'PUT', path: '/api/admin/delivery/callbacks/{institution}', role: 'admin', params: institution, body: callbackSettings(),
    result: () => callbackSecretIssued(), summary: '设置回调地址 (the first time also issues the signing secret, shown once)', errors: WRITE_ERRORS,
  },
  rotateCallbackSecret: {
    method: 'POST', path: '/api/admin/delivery/callbacks/{institution}/rotate', role: 'admin', params: institution,
    result: () => callbackSecretIssued(), summary: '更换签名密钥 (a new secret, shown once; the old one stops at once)', errors: WRITE_ERRORS,
  },
  callbackDeliveries: {
    method: 'GET', path: '/api/admin/delivery/callback-deliveries', role: 'viewer',
    query: z.extend(pageQuery, { institution: optional, status: z.optional(callbackDeliveryStatus) }),
    result: () => pageOf(callbackDeliveryView()), summary: '回调投递记录 (attempts, status codes, last error)', errors: READ_ERRORS,
  },
  replayCallback: {
    method: 'POST', path: '/api/admin/delivery/callback-deliveries/{id}/replay', role: 'operator', params: z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)) }),
    result: () => callbackDeliveryView(), summary: '重新投递回调 (DEAD or DELIVERED → sent again, audited)', errors: [...WRITE_ERRORS, 'INVALID_STATE'],
  },
});
