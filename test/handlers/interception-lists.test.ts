import { beforeAll, describe, expect, it } from 'vitest';
import { listEntryId } from '#contracts/config-registry';
import { createListLookup } from '#adapters/interception/list-lookup';
import { createScreen } from '#adapters/interception/screen';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import type { ScreenInput } from '#core/interception/screen-port';
import { useTables, type TestTables } from '../support/tables.ts';

let tables: TestTables;
let store: ConfigStore;

beforeAll(async () => {
  tables = await useTables();
  store = createConfigStore(tables.doc, tables.name('config'));
});

describe('list lookup (BatchGetItem with a per-container cache)', () => {
  it('finds entries among more keys than one BatchGetItem takes', async () => {
    for (const n of [7, 150, 299]) await store.put('blacklist', { kind: 'USER_ID', value: `BULK${n}`, reason: `r${n}` }, { by: 't' });
    const lookup = createListLookup(tables.doc, tables.name('config'));
    const ids = Array.from({ length: 300 }, (_, n) => listEntryId({ kind: 'USER_ID', value: `BULK${n}` }));
    const found = await lookup.find({ blacklist: ids, whitelist: ids, emailDomains: [] });
    expect([...found.blacklist.values()].map((e) => e.reason).sort()).toEqual(['r150', 'r299', 'r7']);
    expect(found.whitelist.size).toBe(0);
  });

  it('remembers hits and misses for the TTL, then reads again', async () => {
    let now = 1_000_000;
    const lookup = createListLookup(tables.doc, tables.name('config'), { ttlMs: 30_000, clock: () => now });
    const id = listEntryId({ kind: 'MOBILE', value: '13100131000' });
    const ask = () => lookup.find({ blacklist: [id], whitelist: [], emailDomains: ['cached.example'] });

    expect((await ask()).blacklist.size).toBe(0); // a miss, remembered
    await store.put('blacklist', { kind: 'MOBILE', value: '13100131000', reason: 'added' }, { by: 't' });
    await store.put('emailDomain', { domain: 'cached.example' }, { by: 't' });
    now += 29_000;
    const stale = await ask();
    expect(stale.blacklist.size).toBe(0);
    expect(stale.emailDomains.size).toBe(0);
    now += 1_000;
    const fresh = await ask();
    expect(fresh.blacklist.get(id)?.reason).toBe('added');
    expect(fresh.emailDomains.has('cached.example')).toBe(true);

    await store.remove('blacklist', id, {}); // a hit is remembered too, until the TTL
    now += 10_000;
    expect((await ask()).blacklist.size).toBe(1);
    now += 30_000;
    expect((await ask()).blacklist.size).toBe(0);
  });

  it('stays within its size bound and still answers from what it just read', async () => {
    await store.put('whitelist', { kind: 'USER_ID', value: 'KEEP' }, { by: 't' });
    const lookup = createListLookup(tables.doc, tables.name('config'), { maxCached: 10 });
    const ids = [listEntryId({ kind: 'USER_ID', value: 'KEEP' }), ...Array.from({ length: 40 }, (_, n) => `USER_ID#NOPE${n}#*`)];
    const found = await lookup.find({ blacklist: [], whitelist: ids, emailDomains: [] });
    expect(found.whitelist.has('USER_ID#KEEP#*')).toBe(true);
  });
});

describe('quiet hours through createScreen', () => {
  const input = (over: Partial<ScreenInput>): ScreenInput => ({
    institution: 'INST',
    requestNo: 'Q1',
    bizType: 'NIGHT',
    channel: 'SMS',
    sendId: 'Q-1',
    title: 't',
    content: 'c',
    recipients: [{ index: 0, to: '13000130000' }],
    now: new Date('2024-03-10T15:30:00Z'), // 23:30 Shanghai
    ...over,
  });

  it('holds until the window ends, releases after it, and never holds a critical business type', async () => {
    const biz = { enabled: true, priority: 5, greenLane: false, smsType: 'Transactional' as const };
    await store.put('bizType', { code: 'NIGHT', name: 'n', critical: false, ...biz }, { by: 't' });
    await store.put('bizType', { code: 'ALERT', name: 'a', critical: true, ...biz }, { by: 't' });
    await store.put('filterStrategy', { id: 'QUIET', name: 'q', enabled: true, quietHours: { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' } }, { by: 't' });
    await store.put('filterStrategyRel', { id: 'QUIET-NIGHT', strategyId: 'QUIET', bizType: 'NIGHT' }, { by: 't' });
    await store.put('filterStrategyRel', { id: 'QUIET-ALERT', strategyId: 'QUIET', bizType: 'ALERT' }, { by: 't' });
    const screen = createScreen({
      doc: tables.doc,
      config: cachedConfig(store),
      tables: { config: tables.name('config'), counters: tables.name('counters'), messages: tables.name('messages') },
    });
    expect(await screen.screen(input({}))).toEqual([
      { index: 0, action: 'HOLD', until: new Date('2024-03-11T00:00:00Z'), reason: '免打扰时段 22:00-08:00 (Asia/Shanghai)，2024-03-11T00:00:00.000Z 后发送' },
    ]);
    expect(await screen.screen(input({ now: new Date('2024-03-11T00:00:00Z') }))).toEqual([{ index: 0, action: 'SEND', exempt: false }]);
    expect(await screen.screen(input({ bizType: 'ALERT' }))).toEqual([{ index: 0, action: 'SEND', exempt: false }]);
  });
});
