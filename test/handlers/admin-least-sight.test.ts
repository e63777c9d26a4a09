import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendIdOf } from '#core/delivery/ids';
import { captchaApi, type CaptchaApi } from '../support/fakes/captcha-handler-env.ts';
import { batchPut, requestItem, sampleRequest, sampleSendRecord, sendRecordItem } from '../support/fakes/admin-records-seed.ts';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { importFunction } from '../support/function-env.ts';
import { useTables, type TestTables } from '../support/tables.ts';

// Least sight (docs/ARCHITECTURE.md): what each admin role sees of personal data and live codes,
// and the audit entry an unmasked read leaves.

const user = { userId: 'u1', custNo: 'C1', mobile: '13812345678', email: 'zhang.san@example.com', certNo: '110101199003071234', custName: '张三' };

describe('least sight in the admin readers', () => {
  let tables: TestTables;
  let api: CaptchaApi;
  let outbox: AdminHandler;
  let records: AdminHandler;
  let captchaId = '';
  let code = '';
  let sendId = '';

  beforeAll(async () => {
    tables = await useTables();
    api = await captchaApi(tables);
    // The real captcha send path (DIRECT delivery through the OUTBOX provider) writes the entry.
    const sent = await api.send({ phoneNm: '13800001111', bizCode: 'LOGIN', custNo: 'C1' });
    expect(sent.head.retFlag).toBe('00000');
    captchaId = sent.body.captchaId;
    code = sent.body.checkCode;
    expect(code).toMatch(/^\d{4,8}$/);
    const createdAt = new Date().toISOString();
    sendId = sendIdOf({ institution: 'A', requestNo: 'R1', createdAt }, 'DM', 0);
    await batchPut(tables.doc, tables.name('messages'), [
      requestItem(sampleRequest({ institution: 'A', requestNo: 'R1', createdAt }), [user]),
      sendRecordItem(sampleSendRecord({ sendId, institution: 'A', requestNo: 'R1', createdAt, recipients: [{ ...user, index: 0, to: user.mobile, status: 'SUCCESS' }] })),
    ]);
    records = await importFunction<AdminHandler>('adminRecords', api.env.resolved);
    // GET /api/admin/outbox is a row of adminRecords' route table.
    outbox = records;
  });
  afterAll(async () => {
    await api?.stop();
  });

  const auditOf = async (username: string) => {
    const { Items } = await tables.doc.send(
      new QueryCommand({ TableName: tables.name('audit'), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :u', ExpressionAttributeValues: { ':u': `AUDITUSER#${username}` } }),
    );
    return (Items ?? []) as Record<string, unknown>[];
  };
  const captchaEntry = (page: { body: { items?: Record<string, unknown>[] } }) => page.body.items!.find((e) => e.id === captchaId)!;

  it('a viewer or operator listing the outbox after a captcha send does not see the code', async () => {
    for (const role of ['viewer', 'operator'] as const) {
      for (const page of [
        await callAdmin(outbox, 'GET', '/api/admin/outbox', { role, username: `${role}-ob` }),
        await callAdmin(records, 'GET', '/api/admin/records/outbox', { role, username: `${role}-ob` }),
      ]) {
        expect(page.retFlag).toBe('00000');
        const entry = captchaEntry(page);
        expect(entry).toBeDefined();
        expect(JSON.stringify(entry)).not.toContain(code);
        expect(entry.content).toContain('验证码');
      }
    }
    const viewer = await callAdmin(outbox, 'GET', '/api/admin/outbox', { role: 'viewer' });
    expect(captchaEntry(viewer).to).toBe('138****1111');
    expect(await auditOf('viewer-ob')).toEqual([]);
  });

  it('an admin sees the code, and the read is audited once per page', async () => {
    const page = await callAdmin(outbox, 'GET', '/api/admin/outbox', { role: 'admin', username: 'boss-ob' });
    expect(String(captchaEntry(page).content)).toContain(code);
    const audit = await auditOf('boss-ob');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user: 'boss-ob', role: 'admin', entity: 'outbox', action: 'readPii' });
    expect(JSON.stringify(audit[0]!.after)).toContain(captchaId);
    expect(JSON.stringify(audit[0])).not.toContain(code);
  });

  it('a viewer sees masked mobiles, certNo, e-mail and names in request users and send record users', async () => {
    const requestUsers = await callAdmin(records, 'GET', '/api/admin/records/request-users', { role: 'viewer', query: { institution: 'A', requestNo: 'R1' } });
    const detail = await callAdmin(records, 'GET', '/api/admin/records/requests/A/R1', { role: 'viewer' });
    const sendUsers = await callAdmin(records, 'GET', '/api/admin/records/send-record-users', { role: 'viewer', query: { sendId } });
    const sendDetail = await callAdmin(records, 'GET', `/api/admin/records/send-records/${sendId}`, { role: 'viewer' });
    const shown = [requestUsers.body.items![0], (detail.body.users as Record<string, unknown>[])[0], sendUsers.body.items![0], (sendDetail.body.recipients as Record<string, unknown>[])[0]];
    for (const u of shown) {
      expect(u).toMatchObject({ userId: 'u1', mobile: '138****5678', certNo: '110***********1234', email: 'z***@example.com', custName: '张*' });
    }
    expect(shown[2]).toMatchObject({ to: '138****5678' });
    expect(JSON.stringify(shown)).not.toMatch(/13812345678|199003071234/);
  });

  it('an admin sees them unmasked, with one audit entry per read naming what, which and the filter', async () => {
    const page = await callAdmin(records, 'GET', '/api/admin/records/request-users', { role: 'admin', username: 'boss-ru', query: { institution: 'A', requestNo: 'R1' } });
    expect(page.body.items![0]).toMatchObject(user);
    const sendUsers = await callAdmin(records, 'GET', '/api/admin/records/send-record-users', { role: 'admin', username: 'boss-ru', query: { sendId } });
    expect(sendUsers.body.items![0]).toMatchObject({ ...user, to: user.mobile });
    const audit = await auditOf('boss-ru');
    expect(audit.map((a) => a.entity).sort()).toEqual(['request-users', 'send-record-users']);
    const read = audit.find((a) => a.entity === 'request-users')!;
    expect(read).toMatchObject({ action: 'readPii', role: 'admin', after: { fields: ['certNo', 'email', 'mobile', 'name'], filter: { institution: 'A', requestNo: 'R1' }, ids: ['0'] } });
    expect(typeof read.at).toBe('string');
  });

  it('an operator sees mobiles (to find recipients) but not certNo, and that read is audited too', async () => {
    const page = await callAdmin(records, 'GET', '/api/admin/records/request-users', { role: 'operator', username: 'op-ru', query: { institution: 'A', requestNo: 'R1' } });
    expect(page.body.items![0]).toMatchObject({ mobile: user.mobile, certNo: '110***********1234', custName: '张*' });
    expect((await auditOf('op-ru')).map((a) => (a.after as { fields: string[] }).fields)).toEqual([['email', 'mobile']]);
  });

  it('captcha records show the phone masked to viewers', async () => {
    const page = await callAdmin(records, 'GET', '/api/admin/records/captcha-records', { role: 'viewer' });
    const record = page.body.items!.find((r) => r.captchaId === captchaId)!;
    expect(record.phone).toBe('138****1111');
  });
});
