import { beforeAll, describe, expect, it, vi } from 'vitest';
import { interceptRecordItem, interceptedRequestItem } from '#adapters/interception/interception-store';
import { DAY_KINDS, dayPartition } from '#adapters/dynamo/day-partition';
import { chunkKey } from '#adapters/dynamo/message-keys';
import { fileDetailKeys, fileRequestKeys, importKeys } from '#adapters/dynamo/record-keys';
import { sendIdOf } from '#core/delivery/ids';
import { allPages, callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { batchPut, requestItem, sampleRequest, sampleSendRecord, sendRecordItem } from '../support/fakes/admin-records-seed.ts';
import { localAwsEnv, useTables } from '../support/tables.ts';

// Each seed filter of the record pages, against items written in the documented layouts.

const DAY = 86_400_000;
const now = new Date();
const dayAt = (back: number, minute: number) => new Date(now.getTime() - back * DAY - 3_600_000 + minute * 1000).toISOString();
/** Send ids are derived from their request; the tests name them S<institution><day back><n>. */
const ids = new Map<string, string>();
const S = (label: string) => ids.get(label) ?? label;
const dayOf = (back: number) => new Date(now.getTime() - back * DAY - 3_600_000).toISOString().slice(0, 10);

describe('adminRecords', () => {
  let handler: AdminHandler;
  const list = (kind: string, query: Record<string, string> = {}) => callAdmin(handler, 'GET', `/api/admin/records/${kind}`, { role: 'viewer', query });
  const every = async (kind: string, query: Record<string, string> = {}) =>
    (await allPages((cursor) => list(kind, { ...query, ...(cursor ? { cursor } : {}) }))).items;

  beforeAll(async () => {
    const tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    const messages = tables.name('messages');
    const items: Record<string, unknown>[] = [];
    // 3 days × 2 institutions × 4 requests; statuses and bizTypes alternate.
    for (let back = 0; back < 3; back++) {
      for (const institution of ['A', 'B']) {
        for (let n = 0; n < 4; n++) {
          const requestNo = `R${back}${n}`;
          const createdAt = dayAt(back, n * 2 + (institution === 'B' ? 1 : 0));
          items.push(requestItem(sampleRequest({ institution, requestNo, createdAt, bizType: n % 2 ? 'LOAN' : 'MARKET', status: n === 3 ? 'FAILED' : 'SUCCESS' }), [{ mobile: '13800000000' }]));
          const sendId = sendIdOf({ institution, requestNo, createdAt }, 'DM', 0);
          ids.set(`S${institution}${back}${n}`, sendId);
          items.push(sendRecordItem(sampleSendRecord({ sendId, institution, requestNo, createdAt, channel: n % 2 ? 'EMAIL' : 'SMS', status: n === 3 ? 'FAILED' : 'SUCCESS' })));
        }
      }
    }
    // A bulk request: 260 recipients in two chunks.
    const bulk = sampleRequest({ institution: 'A', requestNo: 'BULK', createdAt: dayAt(5, 0), recipientCount: 260, chunkCount: 2, pushType: 'MULTI_ACCOUNT' });
    items.push(requestItem(bulk));
    for (const chunk of [1, 2]) {
      const users = Array.from({ length: chunk === 1 ? 250 : 10 }, (_, i) => ({ userId: `u${(chunk - 1) * 250 + i}` }));
      items.push({ ...chunkKey('A', 'BULK', chunk), chunk, firstIndex: (chunk - 1) * 250, users });
    }
    items.push({ pk: 'INBOX#user1', sk: `${dayAt(0, 1)}#m1`, gsi1pk: dayPartition(DAY_KINDS.inbox, dayOf(0), 'm1'), gsi1sk: dayAt(0, 1), userKey: 'user1', messageId: 'm1', sendId: 'SA00', institution: 'A', requestNo: 'R00', bizType: 'MARKET', title: 't', content: 'c', read: false, createdAt: dayAt(0, 1) });
    items.push({ pk: 'INBOX#user2', sk: `${dayAt(0, 2)}#m2`, gsi1pk: dayPartition(DAY_KINDS.inbox, dayOf(0), 'm2'), gsi1sk: dayAt(0, 2), userKey: 'user2', messageId: 'm2', sendId: 'SA00', institution: 'A', requestNo: 'R00', bizType: 'MARKET', title: 't', content: 'c', read: false, createdAt: dayAt(0, 2) });
    items.push(interceptRecordItem({ id: 'I1', institution: 'A', requestNo: 'R00', bizType: 'MARKET', channel: 'SMS', mobile: '+86 139-0000-9999', rule: 'BLACKLIST', reason: '黑名单', createdAt: dayAt(0, 3) }));
    items.push(interceptRecordItem({ id: 'I2', institution: 'A', requestNo: 'R01', bizType: 'MARKET', channel: 'PUSH', deviceNo: 'dev-1', rule: 'DAILY_CAP', reason: 'cap', createdAt: dayAt(1, 3) }));
    items.push(interceptedRequestItem({ institution: 'A', requestNo: 'R02', bizType: 'MARKET', reason: 'all', recipientCount: 1, createdAt: dayAt(0, 4) }));
    items.push(interceptedRequestItem({ institution: 'B', requestNo: 'R02', bizType: 'LOAN', reason: 'all', recipientCount: 1, createdAt: dayAt(0, 5) }));
    // Reader-only: file requests and details and imports have no writer in the product yet, so these
    // items are built here with the key builders the readers query by (record-keys.ts), which the
    // writers will use too. The fields are the seed's. (Send logs and status reports have writers:
    // delivery-reports-admin.test.ts reads what they wrote.)
    for (const [id, path, status, minute] of [['F1', 's3://f/1.csv', 'DONE', 1], ['F2', 's3://f/2.csv', 'NEW', 2]] as const) {
      items.push({ ...fileRequestKeys({ id, status, createdAt: dayAt(0, minute) }), id, detailFilePath: path, status, createdAt: dayAt(0, minute) });
    }
    for (const [id, status] of [['D1', 'DONE'], ['D2', 'FAILED']] as const) {
      items.push({ ...fileDetailKeys({ id, fileRequestId: 'F1', status, createdAt: dayAt(0, 1) }), id, fileRequestId: 'F1', status, createdAt: dayAt(0, 1) });
    }
    items.push({ ...importKeys({ id: 'M1', batchNo: 'B7', createdAt: dayAt(0, 1) }), id: 'M1', batchNo: 'B7', status: 'IMPORTED', createdAt: dayAt(0, 1) });
    await batchPut(tables.doc, messages, items);
    const captcha = (id: string, phone: string, at: string) => ({
      pk: `CAPTCHA#${id}`, sk: 'META', gsi1pk: dayPartition(DAY_KINDS.captcha, at.slice(0, 10), id), gsi1sk: `${at}#${id}`, gsi2pk: `CAPPHONE#${phone}`, gsi2sk: at,
      captchaId: id, reqId: `q${id}`, institution: 'A', phone, bizCode: 'LOGIN', seqNo: 1, day: at.slice(0, 10), codeHash: 'secret-hash', caseSensitive: false, format: 'DIGITS',
      delivery: 'DIRECT', sendTypeId: 'ST', status: 'SUCCESS', attempts: 0, expiresAtIso: at, createdAt: at, updatedAt: at,
    });
    await batchPut(tables.doc, tables.name('captcha'), [captcha('C1', '13800000001', dayAt(0, 1)), captcha('C2', '13800000002', dayAt(0, 2))]);
    vi.resetModules();
    handler = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
  });

  it('requests by day, newest first, across pages and days: each once', async () => {
    const pages = await allPages((cursor) => list('requests', { limit: '5', ...(cursor ? { cursor } : {}) }));
    expect(pages.items).toHaveLength(25);
    // 5 full pages; walking on past the oldest item to the end of the 30-day range may take one empty page.
    expect([5, 6]).toContain(pages.pages);
    const times = pages.items.map((r) => String(r.createdAt));
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(pages.items.map((r) => `${String(r.institution)}/${String(r.requestNo)}`)).size).toBe(25);
    expect(pages.items[0]).not.toHaveProperty('users');
    expect(pages.items[0]).not.toHaveProperty('gsi1pk');
  });

  it('requests by requestNo (gsi2), institution + dates (gsi3), bizType and status within', async () => {
    expect((await every('requests', { requestNo: 'R01' })).map((r) => r.institution).sort()).toEqual(['A', 'B']);
    expect((await every('requests', { requestNo: 'R01', institution: 'B' })).map((r) => r.institution)).toEqual(['B']);
    const aToday = await every('requests', { institution: 'A', from: dayOf(0), to: dayOf(0) });
    expect(aToday.map((r) => r.requestNo)).toEqual(['R03', 'R02', 'R01', 'R00']);
    const aAll = await every('requests', { institution: 'A', limit: '3' });
    expect(aAll).toHaveLength(13);
    const failedLoans = await every('requests', { bizType: 'LOAN', status: 'FAILED' });
    expect(failedLoans.map((r) => `${String(r.institution)}${String(r.requestNo)}`).sort()).toEqual(['AR03', 'AR13', 'AR23', 'BR03', 'BR13', 'BR23']);
    const twoDays = await every('requests', { from: dayOf(1), to: dayOf(0) });
    expect(twoDays).toHaveLength(16);
  });

  it('request users: inline, or chunk by chunk with stable cursors', async () => {
    const inline = await list('request-users', { institution: 'A', requestNo: 'R00' });
    // Viewers see mobiles masked (least sight; admin-least-sight.test.ts has the other roles).
    expect(inline.body.items).toEqual([{ mobile: '138****0000', index: 0 }]);
    const bulk = await allPages((cursor) => list('request-users', { institution: 'A', requestNo: 'BULK', limit: '100', ...(cursor ? { cursor } : {}) }));
    expect(bulk.pages).toBe(3);
    expect(bulk.items.map((u) => u.index)).toEqual(Array.from({ length: 260 }, (_, i) => i));
    expect(bulk.items.map((u) => u.userId)).toEqual(Array.from({ length: 260 }, (_, i) => `u${i}`));
    const missing = await list('request-users', { institution: 'A' });
    expect([missing.retFlag, missing.retMsg.startsWith('requestNo:')]).toEqual(['10001', true]);
    const detail = await callAdmin(handler, 'GET', '/api/admin/records/requests/A/BULK');
    expect([detail.body.requestNo, (detail.body.users as unknown[]).length, typeof detail.body.usersCursor]).toEqual(['BULK', 100, 'string']);
  });

  it('send records by request (its records share an id prefix), by day partition; channel and status within', async () => {
    expect((await every('send-records', { requestNo: 'R00', institution: 'A' })).map((s) => s.sendId)).toEqual([S('SA00')]);
    expect((await every('send-records', { requestNo: 'R00' })).map((s) => s.sendId).sort()).toEqual([S('SA00'), S('SB00')].sort());
    const emailToday = await every('send-records', { channel: 'EMAIL', from: dayOf(0), to: dayOf(0) });
    expect(emailToday.map((s) => s.sendId)).toEqual(['SB03', 'SA03', 'SB01', 'SA01'].map(S));
    const failed = await every('send-records', { status: 'FAILED', limit: '2' });
    expect(failed).toHaveLength(6);
    expect(failed[0]).toMatchObject({ recipientCount: 1 });
    expect(failed[0]).not.toHaveProperty('recipients');
    const users = await list('send-record-users', { sendId: S('SA00') });
    expect(users.body.items).toEqual([{ index: 0, to: '138****0000', mobile: '138****0000', status: 'SUCCESS' }]);
    const bad = await list('send-records', { channel: 'FAX' });
    expect(bad.retFlag).toBe('10001');
  });

  it('inbox by user (its partition) or by day', async () => {
    expect((await every('inbox', { userKey: 'user1' })).map((m) => m.messageId)).toEqual(['m1']);
    expect((await every('inbox')).map((m) => m.messageId)).toEqual(['m2', 'm1']);
  });

  it('captcha records by phone (gsi2) or day, the phone masked to viewers and in full to operators, no code hash', async () => {
    const byPhone = await every('captcha-records', { phone: '13800000002' });
    expect(byPhone.map((c) => [c.captchaId, c.phone])).toEqual([['C2', '138****0002']]);
    const support = await callAdmin(handler, 'GET', '/api/admin/records/captcha-records', { role: 'operator', query: { phone: '13800000002' } });
    expect(support.body.items!.map((c) => c.phone)).toEqual(['13800000002']);
    expect(byPhone[0]).not.toHaveProperty('codeHash');
    expect((await every('captcha-records')).map((c) => c.captchaId)).toEqual(['C2', 'C1']);
  });

  it('interception records by mobile (normalised), device, day; intercepted requests by requestNo, bizType, institution', async () => {
    expect((await every('intercept-records', { mobile: '0086 13900009999' })).map((r) => r.id)).toEqual(['I1']);
    expect((await every('intercept-records', { deviceNo: 'dev-1' })).map((r) => r.id)).toEqual(['I2']);
    expect((await every('intercept-records', { from: dayOf(0), to: dayOf(0) })).map((r) => r.id)).toEqual(['I1']);
    expect((await every('intercepted-requests', { requestNo: 'R02' })).map((r) => r.institution).sort()).toEqual(['A', 'B']);
    expect((await every('intercepted-requests', { bizType: 'LOAN' })).map((r) => r.institution)).toEqual(['B']);
    expect((await every('intercepted-requests', { institution: 'A' })).map((r) => r.requestNo)).toEqual(['R02']);
  });

  it('file requests, file details and imports by their seed filters (reader only: no writer yet)', async () => {
    expect((await every('file-requests', { id: 'F1' })).map((f) => f.id)).toEqual(['F1']);
    expect((await every('file-requests', { status: 'NEW' })).map((f) => f.id)).toEqual(['F2']);
    expect((await every('file-requests', { detailFilePath: 's3://f/1.csv' })).map((f) => f.id)).toEqual(['F1']);
    expect((await every('file-details', { fileRequestId: 'F1' })).map((f) => f.id).sort()).toEqual(['D1', 'D2']);
    expect((await every('file-details', { status: 'FAILED' })).map((f) => f.id)).toEqual(['D2']);
    expect((await every('file-details', { id: 'D1' })).map((f) => f.id)).toEqual(['D1']);
    expect((await every('import-requests', { batchNo: 'B7' })).map((f) => f.id)).toEqual(['M1']);
    expect((await every('import-requests')).map((f) => f.id)).toEqual(['M1']);
  });

  it('dashboard: the day by status and channel, recent failures', async () => {
    const board = await callAdmin(handler, 'GET', '/api/admin/records/dashboard', { query: { date: dayOf(0) } });
    expect(board.body.requestsByStatus).toEqual({ SUCCESS: 6, FAILED: 2 });
    expect(board.body.sendRecordsByChannel).toEqual({ SMS: { SUCCESS: 4 }, EMAIL: { SUCCESS: 2, FAILED: 2 } });
    expect((board.body.recentFailures as { sendId: string }[]).map((f) => f.sendId)).toEqual(['SB03', 'SA03'].map(S));
  });

  it('who am I; unknown kinds, unsupported filters and bad dates are envelope errors', async () => {
    const me = await callAdmin(handler, 'GET', '/api/admin/me', { role: 'operator', username: 'li' });
    expect(me.body).toEqual({ username: 'li', role: 'operator' });
    expect((await list('nothing')).status).toBe(404);
    const unsupported = await list('requests', { channel: 'SMS' });
    expect([unsupported.retFlag, unsupported.retMsg.startsWith('channel:')]).toEqual(['10001', true]);
    expect((await list('requests', { from: '2026-13-45x' })).retFlag).toBe('10001');
    expect((await list('requests', { from: '2020-01-01', to: '2026-01-01' })).retFlag).toBe('10001');
    const anonymous = await callAdmin(handler, 'GET', '/api/admin/records/requests', { role: null });
    expect([anonymous.status, anonymous.retFlag]).toEqual([401, '20004']);
    const wrongMethod = await callAdmin(handler, 'POST', '/api/admin/records/requests');
    expect([wrongMethod.status, wrongMethod.retFlag]).toEqual([405, '90005']);
  });
});

describe('admin routes in the OpenAPI document', () => {
  it('lists every admin route of the route tables, each with the bearer scheme and the sign-in and role errors', async () => {
    const { adminRouteTables } = await import('#contracts/admin-routes');
    const { buildOpenApiDocument } = await import('#contracts/openapi');
    const { errorTable } = await import('#runtime/error-table');
    const document = buildOpenApiDocument(errorTable) as unknown as {
      paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, { description: string }> }>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    const rows = Object.values(adminRouteTables).flatMap((table) => Object.values(table) as { method: string; path: string }[]);
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/api/admin/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(rows.map((r) => `${r.method} ${r.path}`).sort());
    expect(document.components.securitySchemes).toHaveProperty('bearer');
    for (const { method, path } of rows) {
      const operation = document.paths[path]![method.toLowerCase()]!;
      expect([path, operation.security]).toEqual([path, [{ bearer: [] }]]);
      expect(operation.responses['401']!.description).toContain('20004 ADMIN_UNAUTHENTICATED');
      expect(operation.responses['403']!.description).toContain('20005 ADMIN_FORBIDDEN');
    }
    expect(document.paths['/api/admin/config/{entity}/{id}']!.delete!.responses['409']!.description).toContain('50003 STILL_REFERENCED');
  });
});
