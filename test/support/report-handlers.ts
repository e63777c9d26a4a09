import type { SQSBatchResponse } from 'aws-lambda';
import { expect, vi } from 'vitest';
import { callAdmin, type AdminHandler } from './admin-events.ts';
import { deliveryHandlerEnv, type sqsEvent } from './fakes/delivery-handler-env.ts';
import { DEMO_API_KEY, httpEvent, lambdaContext, readEnvelope } from './fakes/intake-handler-env.ts';
import type { TestTables } from './tables.ts';
import { waitFor } from './wait-for.ts';

// Delivery truth through the exported handlers (DynamoDB Local + embedded SQS), as the report tests
// drive it: send a request through split and the SMS sender, let the OUTBOX's receipts through the
// report ingestion, and read the status API and the admin record pages.

export type SqsLambda = (event: ReturnType<typeof sqsEvent>, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse | void>;

/** A MARKET_ACTIVITY SMS to one mobile (MARKET_TMPL, every variable given). */
export const marketing = (requestNo: string, mobile: string) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  bizId: 'B1',
  pushType: 'SINGLE_ACCOUNT',
  // Every variable of MARKET_TMPL has a value (intake refuses a request that leaves one empty).
  bizContent: '{"A":"双十一活动","title":"活动通知"}',
  useTmpl: 'Y',
  requestTime: '2024-05-01 10:00:00',
  requestIp: '10.0.0.1',
  userIds: [{ userId: 'u0', mobile, custName: '张三' }],
});

export const reportHandlers = async (tables: TestTables) => {
  const env = await deliveryHandlerEnv(tables);
  vi.resetModules();
  const ingest = (await import('../../functions/queues/ingest-status-reports.ts')).handler as SqsLambda;
  const getStatus = (await import('../../functions/http/get-request-status.ts')).handler;
  const admin = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
  const status = async (requestNo: string) =>
    readEnvelope(
      await getStatus(
        httpEvent('GET', `/api/hcmsg/requests/${requestNo}`, { apiKey: DEMO_API_KEY, routeKey: 'GET /api/hcmsg/requests/{requestNo}', pathParameters: { requestNo } }),
        lambdaContext('getRequestStatus'),
      ),
    );
  const list = async (kind: string, query: Record<string, string>) => (await callAdmin(admin, 'GET', `/api/admin/records/${kind}`, { role: 'admin', query })).body.items ?? [];
  /** The OUTBOX's receipts arrive a couple of seconds after the send (a delayed SQS message). */
  const deliverReports = async (expected: number) => {
    let seen = 0;
    await waitFor(async () => ((seen += (await env.deliver(ingest, 'statusReports')).length) >= expected ? true : undefined), { what: 'OUTBOX receipts', idleMs: 10_000 });
  };
  const sendAndDeliver = async (body: unknown, queue: 'smsGeneral' | 'smsGreen' = 'smsGeneral') => {
    expect((await env.send(body)).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, (body as { bizType: string }).bizType === 'ACCOUNT_SECURITY' ? 'requestGreen' : 'requestGeneral');
    await env.deliver(env.handlers.sendSms, queue);
  };
  return { env, ingest, admin, status, list, deliverReports, sendAndDeliver };
};
