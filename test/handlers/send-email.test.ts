import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTables, type TestTables } from '../support/tables.ts';
import { deliveryHandlerEnv, securityRequest } from '../support/fakes/delivery-handler-env.ts';

// sendEmail through its exported handler with the SES provider, the SDK pointed (AWS_ENDPOINT_URL_SES)
// at a stand-in that speaks SES's query protocol for SendRawEmail and keeps each raw MIME message.

/** A stand-in for the SES API: accepts SendRawEmail, answers with a message id, records what it got. */
const sesStandIn = async () => {
  const received: { raw: string; messageId: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      if (form.get('Action') !== 'SendRawEmail') {
        res.writeHead(400, { 'content-type': 'text/xml' });
        res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>${form.get('Action')}</Message></Error><RequestId>r</RequestId></ErrorResponse>`);
        return;
      }
      const messageId = `ses-${received.length + 1}`;
      received.push({ raw: Buffer.from(form.get('RawMessage.Data') ?? '', 'base64').toString('utf8'), messageId });
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<SendRawEmailResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><SendRawEmailResult><MessageId>${messageId}</MessageId></SendRawEmailResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></SendRawEmailResponse>`,
      );
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
};

/** What a mail client shows of a message buildMime made: the headers, the subject decoded, the text part. */
const readMail = (raw: string) => {
  const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(raw)?.[1] ?? '';
  const subject = header('Subject').replace(/=\?UTF-8\?B\?([^?]+)\?=/g, (_, b64: string) => Buffer.from(b64, 'base64').toString('utf8'));
  const text = /Content-Type: text\/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([\s\S]+?)\r\n--/.exec(raw)?.[1] ?? '';
  return { from: header('From'), to: header('To'), subject, text: Buffer.from(text.replace(/\r\n/g, ''), 'base64').toString('utf8') };
};

describe('sendEmail handler with SES (DynamoDB Local + embedded SQS + an SES stand-in)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;
  let ses: Awaited<ReturnType<typeof sesStandIn>>;

  beforeAll(async () => {
    ses = await sesStandIn();
    process.env.AWS_ENDPOINT_URL_SES = ses.endpoint;
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    const by = { by: 'test' };
    await env.config.put('bizType', { code: 'MAIL_NOTICE', name: '邮件通知', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by);
    await env.config.put('sendType', { id: 'MAIL_SES', name: '邮件 (SES)', channel: 'EMAIL', provider: 'SES', settings: { from: 'noreply@example.com' }, enabled: true }, by);
    await env.config.put('template', { id: 'MAIL_TMPL', name: '邮件模板', title: '${title}', content: '尊敬的${custName}，${A}' }, by);
    await env.config.put('dispatchConfig', { id: 'MAIL_NOTICE', name: '邮件通知 → 邮件', enabled: true, priority: 10, match: { bizType: 'MAIL_NOTICE' }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: 'MAIL_NOTICE_EMAIL', dispatchConfigId: 'MAIL_NOTICE', sendTypeId: 'MAIL_SES', templateId: 'MAIL_TMPL', greenLane: false, enabled: true }, by);
  });
  afterAll(async () => {
    await env?.stop();
    await ses?.stop();
    delete process.env.AWS_ENDPOINT_URL_SES;
  });

  it('sends each recipient one MIME message through SES, with its own rendered text, even when SQS delivers the send record twice', async () => {
    const request = securityRequest('MAIL1', 2, {
      bizType: 'MAIL_NOTICE',
      bizContent: JSON.stringify({ title: '账单已出', A: '您的 5 月账单已出' }),
      userIds: [
        { userId: 'u0', email: 'zhang@example.com', custName: '张三' },
        { userId: 'u1', email: 'li@example.com', custName: '李四' },
      ],
    });
    expect((await env.send(request)).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendEmail, 'emailGeneral', 2);

    expect(ses.received.map((m) => readMail(m.raw)).sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { from: 'noreply@example.com', to: 'li@example.com', subject: '账单已出', text: '尊敬的李四，您的 5 月账单已出' },
      { from: 'noreply@example.com', to: 'zhang@example.com', subject: '账单已出', text: '尊敬的张三，您的 5 月账单已出' },
    ]);
    const [record] = await env.sendRecords('MAIL1');
    expect(record).toMatchObject({ channel: 'EMAIL', status: 'SUCCESS', sendCount: 1 });
    const ids = (record!.recipients as { providerMessageId?: string }[]).map((r) => r.providerMessageId).sort();
    expect(ids).toEqual(ses.received.map((m) => m.messageId).sort());
  });
});
