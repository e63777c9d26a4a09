import { beforeAll, describe, expect, it, vi } from 'vitest';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { localAwsEnv, useTables } from '../support/tables.ts';

// 模板预览 through the real adminConfig handler: a template's variables and its text with sample values.

describe('POST /api/admin/config/template/preview', () => {
  let handler: AdminHandler;
  const PATH = '/api/admin/config/template/preview';

  beforeAll(async () => {
    const tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    vi.resetModules();
    handler = (await import('../../functions/http/admin-config.ts')).handler as AdminHandler;
    const created = await callAdmin(handler, 'POST', '/api/admin/config/template', {
      body: { id: 'DUE_TMPL', name: '还款提醒', title: '${custName} 的账单', content: '尊敬的${custName}，请于${dueDate}前还款 ${amount} 元。' },
    });
    expect(created.retFlag).toBe('00000');
  });

  it('lists a saved template\'s variables with their source and renders the sample values, naming what is missing', async () => {
    const res = await callAdmin(handler, 'POST', PATH, { role: 'viewer', body: { templateId: 'DUE_TMPL', values: { custName: '张三', amount: '100' } } });
    expect(res.retFlag).toBe('00000');
    expect(res.body).toEqual({
      variables: [
        { name: 'custName', source: 'recipient' },
        { name: 'dueDate', source: 'bizContent' },
        { name: 'amount', source: 'bizContent' },
      ],
      title: '张三 的账单',
      content: '尊敬的张三，请于${dueDate}前还款 100 元。',
      missing: ['dueDate'],
    });
  });

  it('previews the text being edited without saving it', async () => {
    const res = await callAdmin(handler, 'POST', PATH, { role: 'viewer', body: { content: '验证码 ${code}', values: { code: '123456' } } });
    expect(res.body).toEqual({ variables: [{ name: 'code', source: 'bizContent' }], title: '', content: '验证码 123456', missing: [] });
  });

  it('answers an unknown template 404 and no text 400, naming the field', async () => {
    const unknown = await callAdmin(handler, 'POST', PATH, { body: { templateId: 'NOPE' } });
    expect([unknown.status, unknown.retFlag]).toEqual([404, '50001']);
    expect(unknown.retMsg).toMatch(/^templateId: /);
    const empty = await callAdmin(handler, 'POST', PATH, { body: {} });
    expect([empty.status, empty.retFlag]).toEqual([400, '10001']);
    expect(empty.retMsg).toMatch(/^content: /);
  });
});
