import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { localAwsEnv, useTables, type TestTables } from '../support/tables.ts';

// Provider secrets are named, never stored (docs/ARCHITECTURE.md → Least sight): the admin API
// refuses a credential typed into a send type's settings, and the audit never holds one.

const PLAIN = 'k3y-that-must-never-be-stored-0123456789';
const REF = 'message-platform/local/providers/sms-gateway';
const gateway = (settings: Record<string, string>, id = 'SMS_GW') => ({ id, name: '短信网关', channel: 'SMS', provider: 'HTTP_SMS', settings });

describe('send type settings name provider secrets', () => {
  let tables: TestTables;
  let handler: AdminHandler;
  let records: AdminHandler;
  const auditText = async () => JSON.stringify((await tables.doc.send(new ScanCommand({ TableName: tables.name('audit') }))).Items ?? []);

  beforeAll(async () => {
    tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    vi.resetModules();
    handler = (await import('../../functions/http/admin-config.ts')).handler as AdminHandler;
    records = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
  });

  it('refuses a plain signing key with a field error, storing and auditing nothing', async () => {
    const res = await callAdmin(handler, 'POST', '/api/admin/config/sendType', { body: gateway({ url: 'https://gw.example.com/sms', signingKey: PLAIN }) });
    expect([res.status, res.retFlag]).toEqual([400, '10001']);
    expect(res.retMsg).toMatch(/^settings\.signingKey: /);
    expect(res.retMsg).toContain('signingKeySecret');
    expect((await callAdmin(handler, 'GET', '/api/admin/config/sendType/SMS_GW')).status).toBe(404);
    expect(await auditText()).not.toContain(PLAIN);
  });

  it('refuses a reference that is not a provider secret name or ARN (a value pasted into it)', async () => {
    for (const ref of [PLAIN, 'message-platform/local/captchaKey', 'other-app/local/providers/x']) {
      const res = await callAdmin(handler, 'POST', '/api/admin/config/sendType', { body: gateway({ url: 'https://gw.example.com/sms', signingKeySecret: ref }) });
      expect([res.status, res.retFlag, res.retMsg.split(':')[0]]).toEqual([400, '10001', 'settings.signingKeySecret']);
    }
    expect(await auditText()).not.toContain(PLAIN);
  });

  it('accepts a secret name or ARN; viewers and the audit see the name only', async () => {
    const created = await callAdmin(handler, 'POST', '/api/admin/config/sendType', { body: gateway({ url: 'https://gw.example.com/sms', signingKeySecret: REF }) });
    expect(created.retFlag).toBe('00000');
    const arn = `arn:aws:secretsmanager:ap-east-1:123456789012:secret:${REF}-AbCdEf`;
    const updated = await callAdmin(handler, 'PUT', '/api/admin/config/sendType/SMS_GW', { body: { ...gateway({ url: 'https://gw.example.com/sms', signingKeySecret: arn }), version: 1 } });
    expect(updated.retFlag).toBe('00000');
    const viewer = await callAdmin(handler, 'GET', '/api/admin/config/sendType/SMS_GW', { role: 'viewer' });
    expect(viewer.body.settings).toEqual({ url: 'https://gw.example.com/sms', signingKeySecret: arn });
  });

  it('a send type stored with a plain key before this rule: shown to nobody, and updating it keeps it out of the audit', async () => {
    await createConfigStore(tables.doc, tables.name('config')).put('sendType', gateway({ url: 'https://old.example.com', signingKey: PLAIN }, 'SMS_OLD') as never, { by: 'legacy' });
    const read = await callAdmin(handler, 'GET', '/api/admin/config/sendType/SMS_OLD');
    expect(read.retFlag).toBe('00000');
    expect(JSON.stringify(read.body)).not.toContain(PLAIN);
    const fixed = await callAdmin(handler, 'PUT', '/api/admin/config/sendType/SMS_OLD', {
      body: { ...gateway({ url: 'https://old.example.com', signingKeySecret: REF }, 'SMS_OLD'), version: read.body.version },
    });
    expect(fixed.retFlag).toBe('00000');
    const audit = await callAdmin(records, 'GET', '/api/admin/records/audit', { query: { entity: 'sendType' } });
    expect(audit.body.items!.length).toBeGreaterThan(0);
    expect(await auditText()).not.toContain(PLAIN);
  });
});
