import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { scaledMs, waitFor } from '../support/wait-for.ts';

// 文件请求 through the API against the real local runner (S3, SQS, DynamoDB Local, every function):
// an upload URL, the recipient file PUT to it, the message naming it; every line followed to delivery.

const KEY = 'demo-outplatform-key';
let platform: LocalPlatform;

const api = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${platform.url}${path}`, {
    method,
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const envelope = (await response.json()) as { head: { retFlag: string; retMsg: string }; body: Record<string, unknown> };
  return { status: response.status, ...envelope };
};

const message = (requestNo: string, fileId: string) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  bizId: 'FILE-BIZ-1',
  pushType: 'MULTI_ACCOUNT',
  bizContent: '{}',
  useTmpl: 'N',
  msgTitle: '文件请求',
  msgContent: '您好，这是一条文件请求消息',
  requestTime: '2026-01-01 10:00:00',
  requestIp: '10.0.0.1',
  fileId,
});

const upload = async (fileName: string, content: string | Buffer) => {
  const ticket = await api('POST', '/api/hcmsg/files/upload-url', { fileName });
  expect(ticket).toMatchObject({ status: 200, head: { retFlag: '00000' } });
  const put = await fetch(String(ticket.body.uploadUrl), { method: 'PUT', body: content });
  expect(put.status).toBe(200);
  return String(ticket.body.fileId);
};

const settled = (id: string, idleMs: number) =>
  waitFor(
    async () => {
      const got = await api('GET', `/api/hcmsg/files/${id}`);
      return ['COMPLETED', 'PARTIAL', 'FAILED'].includes(String(got.body.status)) ? got.body : undefined;
    },
    { what: `file request ${id} finished`, idleMs, intervalMs: 1_000 },
  );

describe('file requests through the API', () => {
  beforeAll(async () => {
    platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, onLog: () => undefined });
  }, scaledMs(120_000));
  afterAll(async () => {
    await platform?.stop();
  });

  it('sends a 1,000-line file: 990 lines accepted and delivered, 10 refused with their row and column', async () => {
    const lines = ['手机号码 (mobile),客户姓名 (custName),账户类型 (custType)'];
    const bad = new Map<number, string>();
    for (let i = 0; i < 1000; i++) {
      const row = i + 2;
      if (i % 200 === 7) {
        lines.push(`not-a-phone${i},坏号码${i},PERSONAL`);
        bad.set(row, 'mobile');
      } else if (i % 200 === 42) {
        lines.push(`1390000${String(i).padStart(4, '0')},客户${i},NOBODY`);
        bad.set(row, 'custType');
      } else {
        lines.push(`1380000${String(i).padStart(4, '0')},客户${i},PERSONAL`);
      }
    }
    const fileId = await upload('recipients.csv', lines.join('\n'));
    const submitted = await api('POST', '/api/hcmsg/sendFileMessage', message('FILE-1000', fileId));
    expect(submitted).toMatchObject({ status: 200, head: { retFlag: '00000' }, body: { requestNo: 'FILE-1000' } });
    const id = String(submitted.body.fileRequestId);

    const done = await settled(id, 300_000);
    expect(done).toMatchObject({ status: 'PARTIAL', totalRows: 1000, rowsValid: 990, rowsInvalid: 10, rowsAccepted: 990, rowsRefused: 10, rowsDelivered: 990, rowsFailed: 0 });

    const refused = await api('GET', `/api/hcmsg/files/${id}?status=REFUSED`);
    const details = refused.body.details as { rowNo: number; errors: { column: string; message: string }[] }[];
    expect(details).toHaveLength(10);
    for (const detail of details) {
      const column = bad.get(detail.rowNo);
      expect(column, `row ${detail.rowNo}`).toBeDefined();
      expect(detail.errors[0]!.column).toBe(column);
      expect(detail.errors[0]!.message).toContain(`第 ${detail.rowNo} 行 ${column} 列`);
    }

    // The same requestNo and body again: the same file request, nothing sent twice.
    const again = await api('POST', '/api/hcmsg/sendFileMessage', message('FILE-1000', fileId));
    expect(again.body).toMatchObject({ fileRequestId: id, status: 'PARTIAL' });
  }, scaledMs(420_000));

  it('refuses bad files with a clear answer and sends nothing', async () => {
    const wrongType = await api('POST', '/api/hcmsg/files/upload-url', { fileName: 'list.exe' });
    expect(wrongType).toMatchObject({ status: 400 });
    expect(wrongType.head.retMsg).toContain('fileName');

    const cases: [string, string | Buffer, RegExp][] = [
      ['empty.csv', '', /为空|empty/],
      ['header-only.csv', 'mobile,custName\n', /没有数据行|no data rows/],
      ['columns.csv', 'phone,name\n13800000000,x\n', /未知的列 "phone"/],
      ['fake.xlsx', 'mobile\n13800000000\n', /不是 .xlsx|not an .xlsx/],
    ];
    for (const [name, content, reason] of cases) {
      const fileId = await upload(name, content);
      const submitted = await api('POST', '/api/hcmsg/sendFileMessage', message(`BAD-${name}`, fileId));
      const done = await settled(String(submitted.body.fileRequestId), 60_000);
      expect(done, name).toMatchObject({ status: 'FAILED', rowsAccepted: 0 });
      expect(String(done.error), name).toMatch(reason);
    }
  }, scaledMs(240_000));

  it('takes an e-mail attachment checked after upload, and refuses unknown ids at intake naming them', async () => {
    const ticket = await api('POST', '/api/hcmsg/attachments', { fileName: '对账单.pdf' });
    expect(ticket).toMatchObject({ status: 200, head: { retFlag: '00000' } });
    const id = String(ticket.body.attachmentId);
    const early = await api('POST', `/api/hcmsg/attachments/${id}/complete`);
    expect(early.status).toBe(409);
    await fetch(String(ticket.body.uploadUrl), { method: 'PUT', body: '%PDF-1.4\n% demo\n', headers: { 'content-type': 'image/png' } });
    const done = await api('POST', `/api/hcmsg/attachments/${id}/complete`);
    // The type is read from the bytes, not from what the client said.
    expect(done.body).toMatchObject({ attachmentId: id, status: 'READY', contentType: 'application/pdf' });

    const email = (requestNo: string, enclosureInfo: string) => ({
      ...message(requestNo, 'x'), fileId: undefined, sendType: 'EMAIL', pushType: 'SINGLE_ACCOUNT', enclosureInfo, userIds: [{ email: 'someone@example.com' }],
    });
    const sent = await api('POST', '/api/hcmsg/sendMessage', email('ATT-1', id));
    expect(sent).toMatchObject({ status: 200, head: { retFlag: '00000' } });
    const unknown = await api('POST', '/api/hcmsg/sendMessage', email('ATT-2', `${id},deadbeef`));
    expect(unknown.status).toBe(400);
    expect(unknown.head.retMsg).toContain('deadbeef');

    const fake = await api('POST', '/api/hcmsg/attachments', { fileName: 'photo.png' });
    await fetch(String(fake.body.uploadUrl), { method: 'PUT', body: 'MZ this is an executable' });
    const refused = await api('POST', `/api/hcmsg/attachments/${String(fake.body.attachmentId)}/complete`);
    expect(refused.status).toBe(400);
    expect(refused.head.retMsg).toContain('.png');
    const wrongType = await api('POST', '/api/hcmsg/attachments', { fileName: 'tool.exe' });
    expect(wrongType.status).toBe(400);
  });

  it('does not show one institution another one’s file request', async () => {
    const missing = await api('GET', '/api/hcmsg/files/F0123456789ABCDE');
    expect(missing).toMatchObject({ status: 404 });
  });
});
