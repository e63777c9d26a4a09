import { beforeAll, describe, expect, it } from 'vitest';
import { queryAudit } from '#adapters/dynamo/audit-store';
import { querySwitchLogs } from '#adapters/dynamo/switch-log-store';
import { callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { importFunction } from '../support/function-env.ts';
import { localAwsEnv, useTables, type TestTables } from '../support/tables.ts';

describe('adminActions: provider states and a forced switch (audited, in the switch log)', () => {
  let handler: AdminHandler;
  let tables: TestTables;

  beforeAll(async () => {
    tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    // These routes touch no queue: the lanes' URLs are only bound.
    const unused = (name: string) => `http://127.0.0.1:9/unused/${name}`;
    handler = await importFunction<AdminHandler>('adminActions', { table: (name) => tables.name(name as never), queueUrl: unused, dlqUrl: unused, bucket: (n) => n, secret: () => 'unused', scheduler: () => ({ groupName: 'unused', roleArn: 'unused' }) });
  });

  it('lists every provider closed with its recent error rate; a viewer may look but not switch', async () => {
    const list = await callAdmin(handler, 'GET', '/api/admin/actions/providers', { role: 'viewer' });
    expect(list.retFlag).toBe('00000');
    expect(list.body.items!.map((p) => [p.provider, p.phase, p.errorRate])).toContainEqual(['SNS_SMS', 'CLOSED', 0]);
    const refused = await callAdmin(handler, 'POST', '/api/admin/actions/providers/SNS_SMS/switch', { role: 'viewer', body: { state: 'OPEN', reason: 'x' } });
    expect(refused.status).toBe(403);
  });

  it('an operator opens a provider with a reason: its state shows it, the switch log and the audit log have it', async () => {
    const missing = await callAdmin(handler, 'POST', '/api/admin/actions/providers/SNS_SMS/switch', { role: 'operator', body: { state: 'OPEN' } });
    expect([missing.status, missing.retMsg]).toEqual([400, expect.stringContaining('reason')]);
    const opened = await callAdmin(handler, 'POST', '/api/admin/actions/providers/SNS_SMS/switch', { role: 'operator', username: 'ops1', body: { state: 'OPEN', reason: '运营商故障 (carrier outage)' } });
    expect(opened.retFlag).toBe('00000');
    const list = await callAdmin(handler, 'GET', '/api/admin/actions/providers', { role: 'viewer' });
    expect(list.body.items!.find((p) => p.provider === 'SNS_SMS')).toMatchObject({ phase: 'OPEN', forcedBy: 'ops1', reason: '运营商故障 (carrier outage)' });
    const switches = await querySwitchLogs(tables.doc, tables.name('audit'), { limit: 10 }, new Date());
    expect(switches.items.map((l) => [l.change, l.user, l.provider, l.fromProvider])).toEqual([['PROVIDER', 'ops1', 'SNS_SMS', 'SNS_SMS']]);
    const audit = await queryAudit(tables.doc, tables.name('audit'), { limit: 10 }, new Date());
    expect(audit.items.map((a) => [a.user, a.entity, a.entityId, a.action])).toContainEqual(['ops1', 'provider', 'SNS_SMS', 'switchProvider']);
  });
});
