import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPayload } from '#core/callbacks/signature';
import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { scaledMs, waitFor } from '../support/wait-for.ts';

// The delivery loop under `npm start`'s runner: send → SENT → the OUTBOX's receipt through the
// statusReports queue → DELIVERED in the status API, the call in the send log, the report on the
// report page; the documented test address ends FAILED; the runner takes gateway callbacks.

let platform: LocalPlatform;
let token = '';

beforeAll(async () => {
  platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, onLog: () => undefined });
  const login = await fetch(`${platform.url}/api/local/login`, { method: 'POST', body: JSON.stringify({ username: 'admin', password: 'admin' }), headers: { 'content-type': 'application/json' } });
  token = String(((await login.json()) as { body: { token: string } }).body.token);
}, scaledMs(180_000));
afterAll(async () => {
  await platform?.stop();
});

type Envelope = { status: number; head: { retFlag: string; retMsg: string }; body: Record<string, unknown> };
const call = async (method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Envelope> => {
  const response = await fetch(`${platform.url}${path}`, { method, headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY, ...init.headers }, ...(init.body ? { body: init.body } : {}) });
  return { status: response.status, ...((await response.json()) as Omit<Envelope, 'status'>) };
};
const admin = async (path: string) => (await call('GET', path, { headers: { authorization: `Bearer ${token}` } })).body;
const send = async (requestNo: string, mobile: string) =>
  call('POST', '/api/hcmsg/sendMessage', {
    body: JSON.stringify({
      requestNo, institution: 'OUTPLATFORM', bizType: 'MARKET_ACTIVITY', bizId: 'B1', pushType: 'SINGLE_ACCOUNT', bizContent: '{"A":"双十一","title":"活动通知"}', useTmpl: 'Y',
      requestTime: '2024-05-01 10:00:00', requestIp: '10.0.0.1', userIds: [{ userId: 'u1', mobile, custName: '张三' }],
    }),
  });
const outcomeOf = (requestNo: string, wanted: string) =>
  waitFor(
    async () => {
      const answer = await call('GET', `/api/hcmsg/requests/${requestNo}`);
      return answer.body.outcome === wanted ? answer.body : undefined;
    },
    { what: `${requestNo} ${wanted}`, idleMs: 30_000 },
  );

describe('delivery truth through npm start\'s runner', () => {
  const requestNo = `LOOP${Date.now()}`;

  it('send → SENT → DELIVERED in the status API; the send log has the call; the report page has the report', async () => {
    expect((await send(requestNo, '13361249238')).head.retFlag).toBe('00000');
    const sent = await waitFor(
      async () => {
        const body = (await call('GET', `/api/hcmsg/requests/${requestNo}`)).body as { deliveries?: { recipients: { status: string }[] }[] };
        const status = body.deliveries?.[0]?.recipients[0]?.status;
        return status === 'SENT' || status === 'DELIVERED' ? status : undefined;
      },
      { what: 'accepted by the OUTBOX', idleMs: 30_000 },
    );
    expect(['SENT', 'DELIVERED']).toContain(sent);
    const delivered = await outcomeOf(requestNo, 'DELIVERED');
    expect((delivered.deliveries as { recipients: { status: string }[] }[])[0]!.recipients[0]!.status).toBe('DELIVERED');
    const logs = (await admin(`/api/admin/records/sms-logs?requestNo=${requestNo}`)).items as Record<string, unknown>[];
    expect(logs).toEqual([expect.objectContaining({ provider: 'OUTBOX', outcome: 'ACCEPTED', requestNo })]);
    const reports = (await admin(`/api/admin/records/sms-reports?requestNo=${requestNo}`)).items as Record<string, unknown>[];
    expect(reports).toEqual([expect.objectContaining({ source: 'OUTBOX', receiveStatus: 'DELIVERED', result: 'APPLIED' })]);
  });

  it('the documented UNDELIVERED test address ends FAILED, in the status API and the requests list', async () => {
    const failing = `${requestNo}F`;
    expect((await send(failing, '13900000404')).head.retFlag).toBe('00000');
    await outcomeOf(failing, 'FAILED');
    const listed = (await admin(`/api/admin/records/requests?requestNo=${failing}`)).items as Record<string, unknown>[];
    expect(listed[0]).toMatchObject({ outcome: 'FAILED' });
  });

  it('the runner routes gateway callbacks: unsigned or signed by no gateway → 401', async () => {
    const body = JSON.stringify({ reports: [{ messageId: 'unknown#0', status: 'DELIVERED', reportTime: new Date().toISOString() }] });
    const unsigned = await call('POST', '/api/hcmsg/callbacks/sms/SMS_OUTBOX', { body });
    expect([unsigned.status, unsigned.head.retFlag]).toEqual([401, '20006']);
    const at = Math.floor(Date.now() / 1000);
    const foreign = await call('POST', '/api/hcmsg/callbacks/sms/SMS_OUTBOX', { body, headers: { 'x-hcmsg-timestamp': String(at), 'x-hcmsg-signature': signPayload('k', at, body) } });
    expect(foreign.status).toBe(401);
  });
});
