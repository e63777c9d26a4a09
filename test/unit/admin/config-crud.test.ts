import { describe, expect, it } from 'vitest';
import { createConfig, deleteConfig, listConfig, updateConfig } from '#core/admin/config-crud';
import { normaliseConfigInput } from '#core/admin/config-input';
import { dictTree } from '#core/admin/dict-tree';
import { isDomainError } from '#core/errors';
import { fakeAdminDeps } from '../../support/fakes/admin-config-fake.ts';

const admin = { username: 'root', role: 'admin' as const };
const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'ok', (e: unknown) => (isDomainError(e) ? `${e.code}:${e.message}` : String(e)));

describe('config use cases', () => {
  it('id cursors stay stable while items are added and removed between pages', async () => {
    const deps = fakeAdminDeps();
    for (const code of ['P01', 'P03', 'P05', 'P07', 'P09']) await createConfig(deps, admin, 'parameter', { code, name: 'n', value: 'v' });
    const first = await listConfig(deps, { entity: 'parameter', filters: {}, limit: 2 });
    expect(first.items.map((p) => p.code)).toEqual(['P01', 'P03']);
    await createConfig(deps, admin, 'parameter', { code: 'P00', name: 'n', value: 'v' });
    await deleteConfig(deps, admin, { entity: 'parameter', id: 'P05' });
    await createConfig(deps, admin, 'parameter', { code: 'P04', name: 'n', value: 'v' });
    const second = await listConfig(deps, { entity: 'parameter', filters: {}, limit: 2, cursor: first.cursor });
    expect(second.items.map((p) => p.code)).toEqual(['P04', 'P07']);
    const third = await listConfig(deps, { entity: 'parameter', filters: {}, limit: 2, cursor: second.cursor });
    expect([third.items.map((p) => p.code), third.cursor]).toEqual([['P09'], undefined]);
    expect(await codeOf(listConfig(deps, { entity: 'parameter', filters: {}, limit: 2, cursor: 'x' }))).toMatch(/^VALIDATION:cursor/);
  });

  it('filters exactly, on nested fields too, and ignores empty filters', async () => {
    const deps = fakeAdminDeps();
    await createConfig(deps, admin, 'bizType', { code: 'LOAN', name: '贷款', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false });
    for (const [id, bizType] of [['D1', 'LOAN'], ['D2', undefined]] as const) {
      await createConfig(deps, admin, 'dispatchConfig', { id, name: id, enabled: true, priority: 0, sendLimit: 3, match: bizType ? { bizType } : {} });
    }
    expect((await listConfig(deps, { entity: 'dispatchConfig', filters: { 'match.bizType': 'LOAN' }, limit: 10 })).items.map((d) => d.id)).toEqual(['D1']);
    expect((await listConfig(deps, { entity: 'dispatchConfig', filters: { name: '', id: undefined }, limit: 10 })).items).toHaveLength(2);
    expect((await listConfig(deps, { entity: 'bizType', filters: { name: '贷' }, limit: 10 })).items).toHaveLength(0);
  });

  it('normalises list values into the canonical id, leaving other kinds and entities alone', () => {
    expect(normaliseConfigInput('blacklist', { kind: 'MOBILE', value: '+86 138-0013-8000' })).toEqual({ kind: 'MOBILE', value: '13800138000' });
    expect(normaliseConfigInput('whitelist', { kind: 'USER_ID', value: ' U-1 ' })).toEqual({ kind: 'USER_ID', value: 'U-1' });
    expect(normaliseConfigInput('emailDomain', { domain: ' Mail.Example.COM ' })).toEqual({ domain: 'mail.example.com' });
    expect(normaliseConfigInput('parameter', { value: ' +86 1 ' })).toEqual({ value: ' +86 1 ' });
  });

  it('audits before/after and logs send type switches and enable/disable with the bizType', async () => {
    const deps = fakeAdminDeps();
    await createConfig(deps, admin, 'sendType', { id: 'S1', name: 's', channel: 'SMS', provider: 'OUTBOX', settings: {}, enabled: true });
    await createConfig(deps, admin, 'sendType', { id: 'S2', name: 's', channel: 'SMS', provider: 'SNS_SMS', settings: {}, enabled: true });
    await createConfig(deps, admin, 'bizType', { code: 'LOAN', name: 'l', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false });
    await createConfig(deps, admin, 'dispatchConfig', { id: 'D', name: 'd', enabled: true, priority: 0, sendLimit: 3, match: { bizType: 'LOAN' } });
    const method = { id: 'M', dispatchConfigId: 'D', sendTypeId: 'S1', greenLane: false, enabled: true };
    await createConfig(deps, admin, 'dispatchMethod', method);
    await updateConfig(deps, admin, { entity: 'dispatchMethod', id: 'M', item: { ...method, greenLane: true }, version: 1 });
    expect(deps.switches).toHaveLength(0);
    await updateConfig(deps, admin, { entity: 'dispatchMethod', id: 'M', item: { ...method, sendTypeId: 'S2' }, version: 2 });
    expect(deps.switches).toMatchObject([{ change: 'SEND_TYPE', dispatchConfigId: 'D', dispatchMethodId: 'M', bizType: 'LOAN', fromSendTypeId: 'S1', toSendTypeId: 'S2', user: 'root' }]);
    expect(deps.audits.at(-1)).toMatchObject({ action: 'update', before: { sendTypeId: 'S1', version: 2 }, after: { sendTypeId: 'S2', version: 3 } });
    expect(await codeOf(updateConfig(deps, admin, { entity: 'dispatchMethod', id: 'M', item: { ...method, sendTypeId: 'S9' }, version: 3 }))).toMatch(/^VALIDATION:sendTypeId/);
    expect(await codeOf(updateConfig(deps, admin, { entity: 'dispatchMethod', id: 'M', item: method, version: 1 }))).toMatch(/^VERSION_CONFLICT/);
    expect(await codeOf(deleteConfig(deps, admin, { entity: 'sendType', id: 'S2' }))).toMatch(/^STILL_REFERENCED:.*M \(sendTypeId\)/);
    expect(await codeOf(deleteConfig(deps, admin, { entity: 'sendType', id: 'S1' }))).toBe('ok');
  });

  it('the dictionary tree orders children by sort then code and keeps orphans as roots', async () => {
    const deps = fakeAdminDeps();
    await createConfig(deps, admin, 'dict', { id: 'R', code: 'R', label: 'r', sort: 0 });
    await createConfig(deps, admin, 'dict', { id: 'B', parentId: 'R', code: 'B', label: 'b', sort: 1 });
    await createConfig(deps, admin, 'dict', { id: 'A', parentId: 'R', code: 'A', label: 'a', sort: 1 });
    await createConfig(deps, admin, 'dict', { id: 'Z', parentId: 'R', code: 'Z', label: 'z', sort: 0 });
    await createConfig(deps, admin, 'dict', { id: 'O', parentId: 'B', code: 'O', label: 'o', sort: 0 });
    await deps.config.remove('dict', 'B', {});
    const tree = await dictTree(deps);
    expect(tree.map((n) => [n.id, n.children.map((c) => c.id)])).toEqual([['O', []], ['R', ['Z', 'A']]]);
    expect(await codeOf(deleteConfig(deps, admin, { entity: 'dict', id: 'R' }))).toMatch(/^STILL_REFERENCED/);
    await createConfig(deps, admin, 'dict', { id: 'C', parentId: 'A', code: 'C', label: 'c', sort: 0 });
    const underChild = updateConfig(deps, admin, { entity: 'dict', id: 'R', item: { id: 'R', parentId: 'C', code: 'R', label: 'r', sort: 0 }, version: 1 });
    expect(await codeOf(underChild)).toMatch(/^VALIDATION:parentId/);
    const underSelf = updateConfig(deps, admin, { entity: 'dict', id: 'A', item: { id: 'A', parentId: 'A', code: 'A', label: 'a', sort: 1 }, version: 1 });
    expect(await codeOf(underSelf)).toMatch(/^VALIDATION:parentId/);
  });
});
