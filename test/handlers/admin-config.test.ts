import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConfigEntityName } from '#contracts/config-registry';
import { configEntities } from '#contracts/config-registry';
import { allPages, callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { localAwsEnv, useTables } from '../support/tables.ts';

// Every configuration entity through the real adminConfig handler against DynamoDB Local, in
// dependency order (create) and reverse (delete), plus the rules around writes.

const samples: [ConfigEntityName, Record<string, unknown>, Record<string, unknown>][] = [
  ['institution', { code: 'T_INST', name: '测试系统' }, { name: '测试系统 2' }],
  ['bizType', { code: 'T_BIZ', name: '测试业务' }, { name: '测试业务 2', priority: 7 }],
  ['channelType', { code: 'T_CT', name: '渠道类型' }, { name: '渠道类型 2' }],
  ['channel', { channelNo: 'T_CH', name: '渠道', channelTypeCode: 'T_CT' }, { name: '渠道 2' }],
  ['channelMapping', { id: 'T_MAP', channelTypeCode: 'T_CT', channelNo: 'T_CH' }, { remark: 'r' }],
  ['deviceType', { code: 'T_DEV', name: '设备', platform: 'ANDROID' }, { platform: 'IOS' }],
  ['template', { id: 'T_TPL', name: '模板', title: '标题', content: '您好 ${name}' }, { content: '你好 ${name}' }],
  ['sendType', { id: 'T_ST', name: '派发方式', channel: 'SMS', provider: 'OUTBOX' }, { name: '派发方式 2' }],
  ['dispatchConfig', { id: 'T_DC', name: '派发配置', match: { bizType: 'T_BIZ' } }, { priority: 9 }],
  ['dispatchMethod', { id: 'T_DM', dispatchConfigId: 'T_DC', sendTypeId: 'T_ST', templateId: 'T_TPL' }, { greenLane: true }],
  ['parameter', { code: 'T_PARAM', name: '参数', value: '1' }, { value: '2' }],
  ['dict', { id: 'T_DICT', code: 'X', label: '字典' }, { label: '字典 2' }],
  ['captchaScene', { bizCode: 'T_SCENE', description: '登录', templateId: 'T_TPL', sendTypeId: 'T_ST' }, { dailyLimit: 3 }],
  ['blacklist', { kind: 'MOBILE', value: '+86 138-0013-8000' }, { reason: '投诉' }],
  ['whitelist', { kind: 'USER_ID', value: 'u1' }, { reason: 'VIP' }],
  ['emailDomain', { domain: 'Example.ORG' }, { remark: '合作方' }],
  ['filterStrategy', { id: 'T_FS', name: '策略', dailyCap: 5 }, { dailyCap: 6 }],
  ['filterStrategyRel', { id: 'T_FSR', strategyId: 'T_FS', bizType: 'T_BIZ' }, {}],
  ['productType', { code: 'T_PT', name: '产品类型' }, { name: '产品类型 2' }],
  ['product', { code: 'T_PROD', name: '产品', productTypeCode: 'T_PT' }, { name: '产品 2' }],
  ['productMapping', { id: 'T_PM', externalCode: 'EXT_PROD', productCode: 'T_PROD' }, { remark: 'r' }],
  ['partner', { code: 'T_PARTNER', name: '合作方', provider: 'OUTBOX' }, { name: '合作方 2' }],
  ['partnerLink', { id: 'T_PL', sendTypeId: 'T_ST', partnerCode: 'T_PARTNER' }, { enabled: false }],
  ['partnerMapping', { id: 'T_PMAP', partnerCode: 'T_PARTNER', kind: 'TEMPLATE', ourCode: 'T_TPL', partnerValue: 'SMS_001' }, { partnerValue: 'SMS_002' }],
];
const ids: Partial<Record<ConfigEntityName, string>> = { blacklist: 'MOBILE#13800138000#*', whitelist: 'USER_ID#u1#*', emailDomain: 'example.org' };
const idOf = (entity: ConfigEntityName, sample: Record<string, unknown>) =>
  ids[entity] ?? (configEntities[entity].id as (i: unknown) => string)(sample);

describe('adminConfig: configuration CRUD', () => {
  let handler: AdminHandler;
  let records: AdminHandler;
  const path = (entity: string, id?: string) => `/api/admin/config/${entity}${id ? `/${encodeURIComponent(id)}` : ''}`;

  beforeAll(async () => {
    const tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    vi.resetModules();
    handler = (await import('../../functions/http/admin-config.ts')).handler as AdminHandler;
    records = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
  });

  it('covers every entity of the registry except apiKey (issued, not typed)', () => {
    expect(new Set(samples.map(([e]) => e))).toEqual(new Set(Object.keys(configEntities).filter((e) => e !== 'apiKey')));
  });

  it.each(samples)('%s: create, read, update', async (entity, sample, patch) => {
    const id = idOf(entity, sample);
    const created = await callAdmin(handler, 'POST', path(entity), { body: sample });
    expect([created.status, created.retFlag, created.retMsg]).toEqual([200, '00000', '处理成功']);
    expect(created.body.version).toBe(1);
    expect((await callAdmin(handler, 'GET', path(entity, id), { role: 'viewer' })).retFlag).toBe('00000');
    const read = await callAdmin(handler, 'GET', path(entity, id));
    expect(read.retFlag).toBe('00000');
    expect(read.body.updatedBy).toBe('admin');
    const updated = await callAdmin(handler, 'PUT', path(entity, id), { body: { ...read.body, ...patch, version: 1 } });
    expect([updated.retFlag, updated.body.version]).toEqual(['00000', 2]);
    for (const [field, value] of Object.entries(patch)) expect(updated.body[field]).toEqual(value);
    const listed = await callAdmin(handler, 'GET', path(entity), { role: 'viewer' });
    expect(listed.body.items!.map((i) => idOf(entity, i))).toContain(id);
  });

  it('stores list values canonically: mobiles without +86 and separators, domains lower-case', async () => {
    const black = await callAdmin(handler, 'GET', path('blacklist', 'MOBILE#13800138000#*'));
    expect(black.body.value).toBe('13800138000');
    const byRaw = await callAdmin(handler, 'GET', path('blacklist'), { query: { kind: 'MOBILE', value: '0086 13800138000' } });
    expect(byRaw.body.items!.map((i) => i.value)).toEqual(['13800138000']);
    const domain = await callAdmin(handler, 'GET', path('emailDomain'), { query: { domain: 'EXAMPLE.org' } });
    expect(domain.body.items!.map((i) => i.domain)).toEqual(['example.org']);
  });

  it('shows viewers blacklisted mobiles masked (least sight); operators, who keep the lists, in full', async () => {
    const viewer = await callAdmin(handler, 'GET', path('blacklist'), { role: 'viewer', query: { kind: 'MOBILE' } });
    expect(viewer.body.items!.map((i) => i.value)).toEqual(['138****8000']);
    const operator = await callAdmin(handler, 'GET', path('blacklist', 'MOBILE#13800138000#*'), { role: 'operator' });
    expect(operator.body.value).toBe('13800138000');
  });

  it('refuses a delete while something still references the item, naming the referrer (409)', async () => {
    const cases: [ConfigEntityName, string, string][] = [
      ['template', 'T_TPL', 'T_DM'],
      ['sendType', 'T_ST', 'T_DM'],
      ['dispatchConfig', 'T_DC', 'T_DM'],
      ['bizType', 'T_BIZ', 'T_DC'],
      ['channelType', 'T_CT', 'T_CH'],
      ['filterStrategy', 'T_FS', 'T_FSR'],
    ];
    for (const [entity, id, referrer] of cases) {
      const refused = await callAdmin(handler, 'DELETE', path(entity, id), { query: { version: '2' } });
      expect([refused.status, refused.retFlag], entity).toEqual([409, '50003']);
      expect(refused.retMsg).toContain(referrer);
    }
    await callAdmin(handler, 'PUT', path('dispatchMethod', 'T_DM'), { body: { id: 'T_DM', dispatchConfigId: 'T_DC', sendTypeId: 'T_ST', deviceTypeCode: 'T_DEV', version: 2 } });
    const device = await callAdmin(handler, 'DELETE', path('deviceType', 'T_DEV'), { query: { version: '2' } });
    expect([device.retFlag, device.retMsg.includes('T_DM')]).toEqual(['50003', true]);
  });

  it('a dispatch method whose send type changes writes a switch log (业务渠道切换记录)', async () => {
    await callAdmin(handler, 'POST', path('sendType'), { body: { id: 'T_ST2', name: '备用', channel: 'SMS', provider: 'OUTBOX' } });
    const moved = await callAdmin(handler, 'PUT', path('dispatchMethod', 'T_DM'), { body: { id: 'T_DM', dispatchConfigId: 'T_DC', sendTypeId: 'T_ST2', version: 3 } });
    expect(moved.retFlag).toBe('00000');
    const disabled = await callAdmin(handler, 'PUT', path('dispatchConfig', 'T_DC'), { body: { id: 'T_DC', name: '派发配置', match: { bizType: 'T_BIZ' }, enabled: false, version: 2 } });
    expect(disabled.retFlag).toBe('00000');
    const queries: Record<string, string>[] = [{ dispatchConfigId: 'T_DC' }, { bizType: 'T_BIZ' }, { dispatchMethodId: 'T_DM' }];
    for (const query of queries) {
      const logs = await callAdmin(records, 'GET', '/api/admin/records/switch-logs', { role: 'viewer', query });
      const changes = logs.body.items!.map((l) => `${String(l.change)}:${String(l.fromSendTypeId ?? '')}>${String(l.toSendTypeId ?? '')}`);
      expect(changes, JSON.stringify(query)).toEqual('dispatchMethodId' in query ? ['SEND_TYPE:T_ST>T_ST2'] : ['DISABLED:>', 'SEND_TYPE:T_ST>T_ST2']);
    }
  });

  it.each([...samples].reverse())('%s: delete with the version read', async (entity, sample) => {
    const id = idOf(entity, sample);
    if (entity === 'dispatchConfig' || entity === 'bizType' || entity === 'sendType') {
      // T_DM was deleted already; the spare send type goes with it.
      await callAdmin(handler, 'DELETE', path('sendType', 'T_ST2'));
    }
    const current = await callAdmin(handler, 'GET', path(entity, id));
    const deleted = await callAdmin(handler, 'DELETE', path(entity, id), { query: { version: String(current.body.version) } });
    expect([deleted.retFlag, deleted.body.deleted]).toEqual(['00000', id]);
    const gone = await callAdmin(handler, 'GET', path(entity, id));
    expect([gone.status, gone.retFlag]).toEqual([404, '50001']);
  });

  it('every change is in the audit log with who, what, before and after', async () => {
    const byEntity = await allPages((cursor) => callAdmin(records, 'GET', '/api/admin/records/audit', { query: { entity: 'bizType', ...(cursor ? { cursor } : {}) } }));
    expect(byEntity.items.map((a) => a.action)).toEqual(['delete', 'update', 'create']);
    const [deleted, updated, created] = byEntity.items as { user: string; entityId: string; before?: { name: string }; after?: { name: string; version: number } }[];
    expect(created).toMatchObject({ user: 'admin', entityId: 'T_BIZ', after: { name: '测试业务', version: 1 } });
    expect(created!.before).toBeUndefined();
    expect(updated).toMatchObject({ before: { name: '测试业务' }, after: { name: '测试业务 2', version: 2 } });
    expect(deleted).toMatchObject({ before: { name: '测试业务 2' } });
    const byUser = await callAdmin(records, 'GET', '/api/admin/records/audit', { query: { user: 'admin', limit: '100' } });
    const today = new Date().toISOString().slice(0, 10);
    const byDay = await callAdmin(records, 'GET', '/api/admin/records/audit', { query: { from: today, to: today, limit: '100' } });
    expect(byUser.body.items!.length).toBeGreaterThan(samples.length * 3);
    // Reads that showed mobiles in the clear (blacklist pages, this audit page) are audited too: count the changes.
    const changes = (items: Record<string, unknown>[]) => items.filter((a) => a.action !== 'readPii').length;
    expect(changes(byDay.body.items!)).toBe(changes(byUser.body.items!));
  });
});

describe('adminConfig: validation, versions, roles, pagination', () => {
  let handler: AdminHandler;
  const path = (entity: string, id?: string) => `/api/admin/config/${entity}${id ? `/${encodeURIComponent(id)}` : ''}`;

  beforeAll(async () => {
    const tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    vi.resetModules();
    handler = (await import('../../functions/http/admin-config.ts')).handler as AdminHandler;
  });

  it('names the invalid field and refuses unknown references', async () => {
    const bad = await callAdmin(handler, 'POST', path('bizType'), { body: { code: 'X Y', name: 'n' } });
    expect([bad.status, bad.retFlag]).toEqual([400, '10001']);
    expect(bad.retMsg.startsWith('code:')).toBe(true);
    const missing = await callAdmin(handler, 'POST', path('template'), { body: { id: 'T', name: 'n', title: 't' } });
    expect(missing.retMsg.startsWith('content:')).toBe(true);
    const dangling = await callAdmin(handler, 'POST', path('channel'), { body: { channelNo: 'C1', name: 'n', channelTypeCode: 'NOPE' } });
    expect([dangling.retFlag, dangling.retMsg.startsWith('channelTypeCode:')]).toEqual(['10001', true]);
    const json = await callAdmin(handler, 'POST', path('bizType'), { body: undefined });
    expect(json.retFlag).toBe('10001');
    const entity = await callAdmin(handler, 'GET', path('nonsense'));
    expect([entity.status, entity.retFlag]).toEqual([404, '90001']);
  });

  it('a stale version is a 409 and changes nothing; a duplicate create is a 409', async () => {
    await callAdmin(handler, 'POST', path('parameter'), { body: { code: 'P1', name: '参数', value: 'a' } });
    const first = await callAdmin(handler, 'PUT', path('parameter', 'P1'), { body: { code: 'P1', name: '参数', value: 'b', version: 1 } });
    expect(first.retFlag).toBe('00000');
    const stale = await callAdmin(handler, 'PUT', path('parameter', 'P1'), { body: { code: 'P1', name: '参数', value: 'c', version: 1 } });
    expect([stale.status, stale.retFlag]).toEqual([409, '50002']);
    expect((await callAdmin(handler, 'GET', path('parameter', 'P1'))).body.value).toBe('b');
    const staleDelete = await callAdmin(handler, 'DELETE', path('parameter', 'P1'), { query: { version: '1' } });
    expect(staleDelete.retFlag).toBe('50002');
    const again = await callAdmin(handler, 'POST', path('parameter'), { body: { code: 'P1', name: '参数', value: 'a' } });
    expect([again.status, again.retFlag]).toEqual([409, '50004']);
    const renamed = await callAdmin(handler, 'PUT', path('parameter', 'P1'), { body: { code: 'P2', name: '参数', value: 'a', version: 2 } });
    expect([renamed.retFlag, renamed.retMsg.startsWith('id:')]).toEqual(['10001', true]);
  });

  it('roles: viewer reads, operator edits lists only, admin edits everything, nobody unsigned', async () => {
    const call = (role: 'viewer' | 'operator' | 'admin' | null, method: 'GET' | 'POST', entity: string, body?: unknown) =>
      callAdmin(handler, method, path(entity), { role, ...(body ? { body } : {}) });
    expect((await call('viewer', 'GET', 'parameter')).retFlag).toBe('00000');
    expect((await call('viewer', 'POST', 'blacklist', { kind: 'USER_ID', value: 'v1' })).status).toBe(403);
    expect((await call('viewer', 'POST', 'blacklist', { kind: 'USER_ID', value: 'v1' })).retFlag).toBe('20005');
    expect((await call('operator', 'POST', 'blacklist', { kind: 'USER_ID', value: 'v1' })).retFlag).toBe('00000');
    expect((await call('operator', 'POST', 'whitelist', { kind: 'USER_ID', value: 'v1' })).retFlag).toBe('00000');
    expect((await call('operator', 'POST', 'emailDomain', { domain: 'a.cn' })).retFlag).toBe('00000');
    expect((await call('operator', 'POST', 'bizType', { code: 'B1', name: 'b' })).retFlag).toBe('20005');
    expect((await call('operator', 'POST', 'institution', { code: 'I1', name: 'i' })).retFlag).toBe('20005');
    expect((await call('admin', 'POST', 'bizType', { code: 'B1', name: 'b' })).retFlag).toBe('00000');
    const anonymous = await call(null, 'GET', 'parameter');
    expect([anonymous.status, anonymous.retFlag]).toEqual([401, '20004']);
  });

  it('pages with stable cursors: every item once, in id order, across pages, with filters', async () => {
    await callAdmin(handler, 'POST', path('channelType'), { body: { code: 'ODD', name: 'odd' } });
    await callAdmin(handler, 'POST', path('channelType'), { body: { code: 'EVEN', name: 'even' } });
    for (let i = 0; i < 23; i++) {
      const r = await callAdmin(handler, 'POST', path('channel'), { body: { channelNo: `C${String(i).padStart(2, '0')}`, name: 'c', channelTypeCode: i % 2 ? 'ODD' : 'EVEN' } });
      expect(r.retFlag).toBe('00000');
    }
    const all = await allPages((cursor) => callAdmin(handler, 'GET', path('channel'), { query: { limit: '5', ...(cursor ? { cursor } : {}) } }));
    expect(all.pages).toBe(5);
    expect(all.items.map((c) => c.channelNo)).toEqual(Array.from({ length: 23 }, (_, i) => `C${String(i).padStart(2, '0')}`));
    const odd = await allPages((cursor) => callAdmin(handler, 'GET', path('channel'), { query: { limit: '4', channelTypeCode: 'ODD', ...(cursor ? { cursor } : {}) } }));
    expect(odd.items.map((c) => c.channelNo)).toEqual(Array.from({ length: 11 }, (_, i) => `C${String(2 * i + 1).padStart(2, '0')}`));
    const exact = await callAdmin(handler, 'GET', path('channel'), { query: { channelTypeCode: 'EVEN', channelNo: 'C04' } });
    expect(exact.body.items!.map((c) => c.channelNo)).toEqual(['C04']);
    const tooMany = await callAdmin(handler, 'GET', path('channel'), { query: { limit: '101' } });
    expect(tooMany.retFlag).toBe('10001');
    const badCursor = await callAdmin(handler, 'GET', path('channel'), { query: { cursor: '!!' } });
    expect(badCursor.retFlag).toBe('10001');
  });

  it('dispatch methods filter by their configuration (shown inline under each configuration)', async () => {
    await callAdmin(handler, 'POST', path('sendType'), { body: { id: 'S', name: 's', channel: 'SMS', provider: 'OUTBOX' } });
    for (const id of ['A', 'B']) await callAdmin(handler, 'POST', path('dispatchConfig'), { body: { id, name: id, match: {} } });
    for (const [id, cfg] of [['A1', 'A'], ['A2', 'A'], ['B1', 'B']]) {
      expect((await callAdmin(handler, 'POST', path('dispatchMethod'), { body: { id, dispatchConfigId: cfg, sendTypeId: 'S' } })).retFlag).toBe('00000');
    }
    const underA = await callAdmin(handler, 'GET', path('dispatchMethod'), { query: { dispatchConfigId: 'A' } });
    expect(underA.body.items!.map((m) => m.id)).toEqual(['A1', 'A2']);
  });
});
