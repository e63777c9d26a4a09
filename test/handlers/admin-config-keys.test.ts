import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import type { ConfigReader } from '#core/config-port';
import { apiKeyAuth, hashApiKey } from '#runtime/api-key-auth';
import { defaultDictionary } from '#contracts/admin';
import { allPages, callAdmin, type AdminHandler } from '../support/admin-events.ts';
import { httpEvent } from '../support/fakes/intake-handler-env.ts';
import { localAwsEnv, useTables, type TestTables } from '../support/tables.ts';

describe('adminConfig: institutions and API keys', () => {
  let handler: AdminHandler;
  let records: AdminHandler;
  let tables: TestTables;
  const keys = '/api/admin/config/institution/OUTPLATFORM/keys';
  /**
   * The public API's key check as the functions compose it, over one per-container cached config
   * that stays warm from call to call (test/handlers/api-key-revocation.test.ts calls the functions
   * themselves); the check's clock is injected.
   */
  let publicConfig: ConfigReader;
  const authAt = (key: string, at: Date) =>
    apiKeyAuth(publicConfig, () => at)(httpEvent('POST', '/api/hcmsg/sendMessage', { apiKey: key })).then(
      (caller) => caller.institution,
      (error: { code?: string }) => error.code,
    );

  beforeAll(async () => {
    tables = await useTables();
    publicConfig = cachedConfig(createConfigStore(tables.doc, tables.name('config')));
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    vi.resetModules();
    handler = (await import('../../functions/http/admin-config.ts')).handler as AdminHandler;
    records = (await import('../../functions/http/admin-records.ts')).handler as AdminHandler;
    expect((await callAdmin(handler, 'POST', '/api/admin/config/institution', { body: { code: 'OUTPLATFORM', name: '外部平台' } })).retFlag).toBe('00000');
  });

  it('issues a key once: prefixed with the institution, only its hash stored, never listed', async () => {
    const issued = await callAdmin(handler, 'POST', keys);
    expect(issued.retFlag).toBe('00000');
    const key = String(issued.body.key);
    expect(key).toMatch(/^outplatform_[A-Za-z0-9_-]{43}$/);
    expect(issued.body.keyHash).toBe(hashApiKey(key));
    const listed = await callAdmin(handler, 'GET', keys, { role: 'viewer' });
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(12));
    expect(listed.body.items!.map((k) => k.keyHash)).toEqual([issued.body.keyHash]);
    const stored = await tables.doc.send(new (await import('@aws-sdk/lib-dynamodb')).ScanCommand({ TableName: tables.name('config') }));
    expect(JSON.stringify(stored.Items)).not.toContain(key.slice(12));
    expect(await authAt(key, new Date())).toBe('OUTPLATFORM');
    const other = await callAdmin(handler, 'POST', '/api/admin/config/institution/NOPE/keys');
    expect(other.retFlag).toBe('50001');
    expect((await callAdmin(handler, 'POST', keys, { role: 'operator' })).retFlag).toBe('20005');
  });

  it('a revoked key is refused at once (401 at the API-key check)', async () => {
    const issued = await callAdmin(handler, 'POST', keys);
    const key = String(issued.body.key);
    expect(await authAt(key, new Date())).toBe('OUTPLATFORM');
    const revoked = await callAdmin(handler, 'POST', `${keys}/${String(issued.body.keyHash)}/revoke`);
    expect([revoked.retFlag, typeof revoked.body.revokedAt]).toEqual(['00000', 'string']);
    expect(await authAt(key, new Date())).toBe('API_KEY_INVALID');
    const twice = await callAdmin(handler, 'POST', `${keys}/${String(issued.body.keyHash)}/revoke`);
    expect([twice.status, twice.retFlag]).toEqual([409, '50005']);
  });

  it('rotation: a new key at once, the old one until the overlap ends and not after', async () => {
    const old = await callAdmin(handler, 'POST', keys);
    const oldKey = String(old.body.key);
    const rotated = await callAdmin(handler, 'POST', `${keys}/${String(old.body.keyHash)}/rotate`, { body: { overlapHours: 2 } });
    expect(rotated.retFlag).toBe('00000');
    const newKey = String(rotated.body.key);
    expect(newKey).not.toBe(oldKey);
    const until = Date.parse(String((rotated.body.previous as { expiresAt: string }).expiresAt));
    expect(until - Date.now()).toBeGreaterThan(2 * 3_600_000 - 60_000);
    expect(await authAt(oldKey, new Date(until - 60_000))).toBe('OUTPLATFORM');
    expect(await authAt(oldKey, new Date(until + 1))).toBe('API_KEY_INVALID');
    expect(await authAt(newKey, new Date(until + 86_400_000))).toBe('OUTPLATFORM');
    const defaults = await callAdmin(handler, 'POST', `${keys}/${String(rotated.body.keyHash)}/rotate`);
    const hours = (Date.parse(String((defaults.body.previous as { expiresAt: string }).expiresAt)) - Date.now()) / 3_600_000;
    expect(Math.round(hours)).toBe(24);
    const audit = await callAdmin(records, 'GET', '/api/admin/records/audit', { query: { entity: 'apiKey', limit: '100' } });
    expect(new Set(audit.body.items!.map((a) => a.action))).toEqual(new Set(['issueKey', 'revokeKey', 'rotateKey']));
    const generic = await callAdmin(handler, 'POST', '/api/admin/config/apiKey', { body: { keyHash: 'x'.repeat(64), institution: 'OUTPLATFORM', prefix: 'p', createdAt: 'now' } });
    expect(generic.retFlag).toBe('10001');
  });

  it('an institution with live keys cannot be deleted', async () => {
    const refused = await callAdmin(handler, 'DELETE', '/api/admin/config/institution/OUTPLATFORM');
    expect([refused.retFlag, refused.retMsg.includes('API 密钥')]).toEqual(['50003', true]);
  });
});

describe('adminConfig: dictionary tree', () => {
  let handler: AdminHandler;
  const dict = '/api/admin/config/dict';

  beforeAll(async () => {
    const tables = await useTables();
    Object.assign(process.env, tables.env, localAwsEnv(tables.endpoint), { POWERTOOLS_LOG_LEVEL: 'ERROR' });
    vi.resetModules();
    handler = (await import('../../functions/http/admin-config.ts')).handler as AdminHandler;
  });

  interface Node {
    id: string;
    code: string;
    children: Node[];
  }
  const tree = async () => (await callAdmin(handler, 'GET', dict, { role: 'viewer', query: { tree: '1' } })).body.items as unknown as Node[];
  const flatten = (nodes: Node[]): string[] => nodes.flatMap((n) => [n.id, ...flatten(n.children)]);

  it('creates the default entries on the first read of an empty dictionary, once', async () => {
    const first = await tree();
    expect(first.map((n) => n.id)).toEqual(['ROOT']);
    expect(first[0]!.children.map((n) => n.code)).toEqual(['CHANNEL_KIND', 'CUST_TYPE']);
    expect(flatten(first).sort()).toEqual(defaultDictionary.map((d) => d.id).sort());
    const listed = await allPages((cursor) => callAdmin(handler, 'GET', dict, { query: { limit: '3', ...(cursor ? { cursor } : {}) } }));
    expect(listed.items).toHaveLength(defaultDictionary.length);
    await tree();
    expect(flatten(await tree())).toHaveLength(defaultDictionary.length);
  });

  it('adds a child under an existing parent only; edits; refuses deleting a node with children', async () => {
    const child = await callAdmin(handler, 'POST', dict, { body: { id: 'CUST_TYPE_VIP', parentId: 'CUST_TYPE', code: 'VIP', label: '贵宾', sort: 9 } });
    expect(child.retFlag).toBe('00000');
    const orphan = await callAdmin(handler, 'POST', dict, { body: { id: 'X', parentId: 'MISSING', code: 'X', label: 'x' } });
    expect([orphan.retFlag, orphan.retMsg.startsWith('parentId:')]).toEqual(['10001', true]);
    const edited = await callAdmin(handler, 'PUT', `${dict}/CUST_TYPE_VIP`, { body: { id: 'CUST_TYPE_VIP', parentId: 'CUST_TYPE', code: 'VIP', label: '至尊', sort: 9, version: 1 } });
    expect(edited.body.label).toBe('至尊');
    const custType = (await tree())[0]!.children.find((n) => n.code === 'CUST_TYPE')!;
    expect(custType.children.map((n) => n.code)).toEqual(['PERSONAL', 'MERCHANT', 'STORE', 'VIP']);
    const parent = await callAdmin(handler, 'DELETE', `${dict}/CUST_TYPE`);
    expect([parent.status, parent.retFlag]).toEqual([409, '50003']);
    expect(parent.retMsg).toContain('CUST_TYPE_');
    expect((await callAdmin(handler, 'DELETE', `${dict}/CUST_TYPE_VIP`, { query: { version: '2' } })).retFlag).toBe('00000');
  });
});
