import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { allPages, callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { deliveryHandlerEnv, securityRequest } from '../support/fakes/delivery-handler-env.ts';
import { useTables } from '../support/tables.ts';

// Find by recipient (the seed's MSG_SEND_RECORD_USER lookup): requests and send records by mobile,
// e-mail, userId or custNo, exact match, mobiles however they were written. The index is written by the
// real split handler; the listings are read through the real adminRecords handler (DynamoDB Local).

type Env = Awaited<ReturnType<typeof deliveryHandlerEnv>>;

const users = (prefix: string, count: number, at: (i: number) => Record<string, unknown> = () => ({})) =>
  Array.from({ length: count }, (_, i) => ({
    userId: `${prefix}-u${i}`,
    mobile: `137${prefix === 'A' ? '1' : prefix === 'B' ? '2' : '3'}${String(i).padStart(7, '0')}`,
    deviceNo: `${prefix}-dev${i}`,
    custName: `客户${i}`,
    custNo: `${prefix}-C${i}`,
    email: `${prefix.toLowerCase()}${i}@example.com`,
    ...at(i),
  }));

describe('admin records: find by recipient', () => {
  let env: Env;
  let records: AdminHandler;
  const list = (kind: string, query: Record<string, string>) => callAdmin(records, 'GET', `/api/admin/records/${kind}`, { role: 'operator', query });
  const requestNos = async (query: Record<string, string>) => (await list('requests', query)).body.items!.map((r) => r.requestNo).sort();

  beforeAll(async () => {
    const tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    records = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
    // The person everyone looks for: recipient 1 of FIND-A, written differently in FIND-B, and recipient 130 of the bulk FIND-C.
    const target = { userId: 'PERSON', mobile: '13800001111', custNo: 'CUST-9', email: 'Person@Example.com', deviceNo: 'person-dev', custName: '目标' };
    const requests = [
      securityRequest('FIND-A', 3, { userIds: users('A', 3, (i) => (i === 1 ? target : {})) }),
      securityRequest('FIND-B', 2, { userIds: users('B', 2, (i) => (i === 0 ? { ...target, mobile: '+86 138-0000-1111', email: 'person@example.COM' } : {})) }),
      securityRequest('FIND-C', 150, { userIds: users('C', 150, (i) => (i === 130 ? target : {})) }),
      securityRequest('FIND-D', 2, { userIds: users('D', 2) }),
    ];
    for (const body of requests) expect((await env.send(body)).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGreen');
  }, 120_000);
  afterAll(async () => {
    await env?.stop();
  });

  it.each([
    ['mobile', '13800001111'],
    ['mobile', '+86 138 0000 1111'],
    ['email', 'PERSON@example.com'],
    ['userId', 'PERSON'],
    ['custNo', 'CUST-9'],
  ])('requests by %s %s: the three with that recipient, no other', async (identity, value) => {
    expect(await requestNos({ [identity]: value })).toEqual(['FIND-A', 'FIND-B', 'FIND-C']);
  });

  it('combines the recipient with the other filters, and answers nothing for an unknown recipient', async () => {
    expect(await requestNos({ mobile: '13800001111', requestNo: 'FIND-B' })).toEqual(['FIND-B']);
    expect(await requestNos({ mobile: '13800001111', institution: 'OTHER' })).toEqual([]);
    expect(await requestNos({ mobile: '13800001111', status: 'SUCCESS' })).toEqual(['FIND-A', 'FIND-B', 'FIND-C']);
    expect(await requestNos({ mobile: '13800001111', status: 'FAILED' })).toEqual([]);
    expect(await requestNos({ mobile: '13999999999' })).toEqual([]);
    expect(await requestNos({ userId: 'A-u0' })).toEqual(['FIND-A']);
  });

  it('send records by mobile: exactly the records holding that recipient (SMS and push of each request), newest first', async () => {
    const found = (await list('send-records', { mobile: '13800001111' })).body.items!;
    expect(found.map((r) => `${String(r.requestNo)}/${String(r.channel)}`).sort()).toEqual([
      'FIND-A/PUSH', 'FIND-A/SMS', 'FIND-B/PUSH', 'FIND-B/SMS', 'FIND-C/PUSH', 'FIND-C/SMS',
    ]);
    // FIND-C has two records per channel (≤ 100 recipients each): only the one holding recipient 130.
    for (const record of found.filter((r) => r.requestNo === 'FIND-C')) {
      const users = await list('send-record-users', { sendId: String(record.sendId), limit: '100' });
      expect(users.body.items!.some((u) => u.userId === 'PERSON')).toBe(true);
    }
    expect(found.map((r) => String(r.sendId))).toEqual(found.map((r) => String(r.sendId)).sort().reverse());
    const sms = (await list('send-records', { mobile: '+8613800001111', channel: 'SMS' })).body.items!;
    expect(sms.map((r) => r.requestNo).sort()).toEqual(['FIND-A', 'FIND-B', 'FIND-C']);
  });

  it('pages one item at a time without gaps or duplicates', async () => {
    const paged = await allPages((cursor) => list('send-records', { custNo: 'CUST-9', limit: '1', ...(cursor ? { cursor } : {}) }));
    expect(paged.items.map((r) => r.sendId)).toEqual((await list('send-records', { custNo: 'CUST-9' })).body.items!.map((r) => r.sendId));
    expect(paged.items).toHaveLength(6);
    const requests = await allPages((cursor) => list('requests', { email: 'person@example.com', limit: '2', ...(cursor ? { cursor } : {}) }));
    expect(requests.items.map((r) => r.requestNo)).toHaveLength(3);
  });

  it('refuses two recipient filters at once and a cursor of another search, naming the field', async () => {
    const two = await list('requests', { mobile: '13800001111', userId: 'PERSON' });
    expect([two.status, two.retFlag]).toEqual([400, '10001']);
    expect(two.retMsg).toMatch(/^userId: /);
    const page = await list('send-records', { mobile: '13800001111', limit: '1' });
    const other = await list('send-records', { mobile: '13700000000', limit: '1', cursor: page.body.cursor! });
    expect([other.status, other.retFlag]).toEqual([400, '10001']);
  });
});
