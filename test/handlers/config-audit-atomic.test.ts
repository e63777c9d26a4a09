import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditItem, createAuditLog } from '#adapters/dynamo/audit-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createSwitchLogWriter } from '#adapters/dynamo/switch-log-store';
import { issueKey } from '#core/admin/api-keys';
import { createConfig, deleteConfig, updateConfig } from '#core/admin/config-crud';
import type { AdminConfigDeps } from '#core/admin/ports';
import { isDomainError } from '#core/errors';
import { useTables, type TestTables } from '../support/tables.ts';

// A configuration write and its audit entry are one DynamoDB transaction: both or neither. Run
// against DynamoDB Local with the real stores; an audit entry is made to fail by writing its key first.

const admin = { username: 'root', role: 'admin' as const };
const at = new Date('2026-03-01T08:00:00.000Z');
const outcome = (promise: Promise<unknown>) => promise.then(() => 'ok', (e: unknown) => (isDomainError(e) ? e.code : (e as Error).name));

describe('config writes and their audit entries, in one transaction', () => {
  let tables: TestTables;
  let deps: AdminConfigDeps;
  let nextId: string;
  const stored = async (code: string) => (await tables.doc.send(new GetCommand({ TableName: tables.name('config'), Key: { pk: 'CFG#parameter', sk: code } }))).Item;
  const audits = async () => ((await tables.doc.send(new ScanCommand({ TableName: tables.name('audit') }))).Items ?? []).filter((i) => String(i.pk).startsWith('AUDITDAY#'));
  /** The audit entry the next write will make already exists, so its conditional put fails. */
  const occupyNextAudit = async (id: string) => {
    nextId = id;
    const taken = auditItem({ id, at: at.toISOString(), user: 'someone', role: 'admin', entity: 'parameter', entityId: 'other', action: 'create' });
    await tables.doc.send(new PutCommand({ TableName: tables.name('audit'), Item: taken }));
  };

  beforeAll(async () => {
    tables = await useTables();
    deps = {
      config: createConfigStore(tables.doc, tables.name('config'), tables.name('audit')),
      audit: createAuditLog(tables.doc, tables.name('audit')),
      switchLogs: createSwitchLogWriter(tables.doc, tables.name('audit')),
      now: () => at,
      newId: () => nextId,
    };
  });

  it('create: an audit entry that cannot be written leaves no item; a written one has its audit entry', async () => {
    await occupyNextAudit('a1');
    expect(await outcome(createConfig(deps, admin, 'parameter', { code: 'P1', name: 'n', value: 'v1' }))).not.toBe('ok');
    expect(await stored('P1')).toBeUndefined();
    nextId = 'a2';
    expect(await outcome(createConfig(deps, admin, 'parameter', { code: 'P1', name: 'n', value: 'v1' }))).toBe('ok');
    expect((await audits()).filter((a) => a.entityId === 'P1').map((a) => [a.id, a.action])).toEqual([['a2', 'create']]);
  });

  it('update: a failing audit entry leaves the item as it was; a version conflict writes no audit entry', async () => {
    await occupyNextAudit('a3');
    expect(await outcome(updateConfig(deps, admin, { entity: 'parameter', id: 'P1', item: { code: 'P1', name: 'n', value: 'v2' }, version: 1 }))).not.toBe('ok');
    expect(await stored('P1')).toMatchObject({ value: 'v1', version: 1 });
    nextId = 'a4';
    const before = (await audits()).length;
    expect(await outcome(updateConfig(deps, admin, { entity: 'parameter', id: 'P1', item: { code: 'P1', name: 'n', value: 'v2' }, version: 7 }))).toBe('VERSION_CONFLICT');
    expect(await audits()).toHaveLength(before);
    expect(await stored('P1')).toMatchObject({ value: 'v1', version: 1 });
  });

  it('delete: a failing audit entry keeps the item; a stale version deletes nothing and audits nothing', async () => {
    await occupyNextAudit('a5');
    expect(await outcome(deleteConfig(deps, admin, { entity: 'parameter', id: 'P1', version: 1 }))).not.toBe('ok');
    expect(await stored('P1')).toMatchObject({ version: 1 });
    nextId = 'a6';
    const before = (await audits()).length;
    expect(await outcome(deleteConfig(deps, admin, { entity: 'parameter', id: 'P1', version: 3 }))).toBe('VERSION_CONFLICT');
    expect(await audits()).toHaveLength(before);
    nextId = 'a7';
    expect(await outcome(deleteConfig(deps, admin, { entity: 'parameter', id: 'P1' }))).toBe('ok');
    expect(await stored('P1')).toBeUndefined();
    expect((await audits()).filter((a) => a.id === 'a7').map((a) => [a.action, (a.before as { value: string }).value])).toEqual([['delete', 'v1']]);
  });

  it('an audit entry too large for DynamoDB (before + after > 400 KB) fails the write as well', async () => {
    nextId = 'a8';
    const big = 'x'.repeat(1900);
    const wide = { code: 'P9', name: 'n', value: big };
    expect(await outcome(createConfig(deps, admin, 'parameter', wide))).toBe('ok');
    // One item stays under the limit; the entry holding it twice (before and after) is what overflows.
    const store = createConfigStore(tables.doc, tables.name('config'), tables.name('audit'));
    const huge = { code: 'P9', name: 'n'.repeat(100), value: big, remark: 'r'.repeat(230_000) } as never;
    nextId = 'a9';
    const result = await outcome(store.put('parameter', huge, { expectedVersion: 1, by: 'root', now: at, audit: ({ before, after }) => ({ id: 'a9', at: at.toISOString(), user: 'root', role: 'admin', entity: 'parameter', entityId: 'P9', action: 'update', before: { ...(before as object), pad: 'p'.repeat(200_000) }, after }) }));
    expect(result).not.toBe('ok');
    expect(await stored('P9')).toMatchObject({ version: 1, value: big });
  });

  it('key issue: the key and its audit entry together', async () => {
    await createConfig({ ...deps, newId: () => 'a10' }, admin, 'institution', { code: 'I1', name: 'i' } as never);
    await occupyNextAudit('a11');
    const keyDeps = { ...deps, randomSecret: () => 's'.repeat(43), hashKey: (k: string) => `h-${k}` };
    expect(await outcome(issueKey(keyDeps, admin, 'I1'))).not.toBe('ok');
    const keys = ((await tables.doc.send(new ScanCommand({ TableName: tables.name('config') }))).Items ?? []).filter((i) => i.pk === 'CFG#apiKey');
    expect(keys).toEqual([]);
  });
});
