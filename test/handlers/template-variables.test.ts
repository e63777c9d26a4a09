import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalSqs } from '../../infra/local/sqs.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { DEMO_API_KEY, httpEvent, intakeHandlerEnv, lambdaContext, readEnvelope } from '../support/fakes/intake-handler-env.ts';
import { securityRequest } from '../support/fakes/delivery-handler-env.ts';
import { requestKey } from '#adapters/dynamo/message-keys';

// useTmpl=Y: a template variable neither bizContent nor the recipient gives is refused at intake,
// naming the variable — never rendered as `${name}` and sent (demo SECURITY_TMPL: 尊敬的${custName}，${A}).

describe('POST /api/hcmsg/sendMessage with useTmpl=Y', () => {
  let tables: TestTables;
  let sqs: LocalSqs;
  let send: (body: unknown) => Promise<ReturnType<typeof readEnvelope>>;
  const stored = async (requestNo: string) =>
    (await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: requestKey('OUTPLATFORM', requestNo), ConsistentRead: true }))).Item;

  beforeAll(async () => {
    tables = await useTables();
    sqs = await intakeHandlerEnv(tables);
    vi.resetModules();
    const { handler } = await import('../../functions/http/send-message.ts');
    send = async (body) => readEnvelope(await handler(httpEvent('POST', '/api/hcmsg/sendMessage', { body: JSON.stringify(body), apiKey: DEMO_API_KEY }), lambdaContext('sendMessage')));
  });
  afterAll(async () => {
    await sqs?.stop();
  });

  it('refuses a variable bizContent does not give: 400 10001 naming it, nothing stored', async () => {
    const result = await send(securityRequest('TMPL-1', 1, { bizContent: '{"B":"x"}' }));
    expect(result).toMatchObject({ status: 400, retFlag: '10001' });
    expect(result.retMsg).toMatch(/^bizContent: 模板 SECURITY_TMPL 的变量 \$\{A\} 未提供 \(template variable A is missing from bizContent\)$/);
    expect(await stored('TMPL-1')).toBeUndefined();
  });

  it('counts an empty value as not given', async () => {
    const result = await send(securityRequest('TMPL-2', 1, { bizContent: '{"A":""}' }));
    expect(result).toMatchObject({ status: 400, retFlag: '10001' });
    expect(result.retMsg).toContain('${A}');
  });

  it('refuses a recipient variable the recipient lacks, naming the recipient field', async () => {
    const body = securityRequest('TMPL-3', 3);
    body.userIds[2] = { ...body.userIds[2]!, custName: '' };
    const result = await send(body);
    expect(result).toMatchObject({ status: 400, retFlag: '10001' });
    expect(result.retMsg).toMatch(/^userIds\[2\]\.custName: 模板 SECURITY_TMPL 的变量 \$\{custName\} 未提供/);
    expect(await stored('TMPL-3')).toBeUndefined();
  });

  it('takes a recipient variable from bizContent for everyone, and accepts a complete request', async () => {
    const body = securityRequest('TMPL-4', 2, { bizContent: '{"A":"登录提醒","custName":"客户"}' });
    body.userIds[1] = { ...body.userIds[1]!, custName: '' };
    expect(await send(body)).toMatchObject({ status: 200, retFlag: '00000' });
    expect(await send(securityRequest('TMPL-5', 2))).toMatchObject({ status: 200, retFlag: '00000' });
    expect(await stored('TMPL-5')).toMatchObject({ status: 'INIT' });
  });
});
