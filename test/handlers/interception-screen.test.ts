import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createScreen } from '#adapters/interception/screen';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { toInterceptRecords, toInterceptedRequest } from '#core/interception/intercept-records';
import type { Screen, ScreenInput } from '#core/interception/screen-port';
import { useTables, type TestTables } from '../support/tables.ts';
import { DAY_KINDS, dayPartition } from '#adapters/dynamo/day-partition';

let tables: TestTables;
let store: ConfigStore;
let screen: Screen;

const NOON = new Date('2024-03-10T04:00:00Z'); // 12:00 Shanghai
const by = { by: 'test' };

const input = (over: Partial<ScreenInput> = {}): ScreenInput => ({
  institution: 'INST',
  requestNo: 'R1',
  bizType: 'MARKET',
  channel: 'SMS',
  sendId: 'SEND1',
  title: 'Hello',
  content: 'A friendly message',
  recipients: [{ index: 0, to: '13700137000' }],
  now: NOON,
  ...over,
});

beforeAll(async () => {
  tables = await useTables();
  store = createConfigStore(tables.doc, tables.name('config'));
  const biz = { enabled: true, priority: 5, greenLane: false, smsType: 'Transactional' as const };
  await store.put('bizType', { code: 'MARKET', name: 'market', critical: false, ...biz }, by);
  await store.put('bizType', { code: 'CAPPED', name: 'capped', critical: false, ...biz }, by);
  await store.put('bizType', { code: 'HOURLY', name: 'hourly', critical: false, ...biz }, by);
  await store.put('filterStrategy', { id: 'CAP3', name: 'three a day', enabled: true, dailyCap: 3 }, by);
  await store.put('filterStrategy', { id: 'HOUR2', name: 'two an hour', enabled: true, hourlyCap: 2 }, by);
  await store.put('filterStrategyRel', { id: 'CAP3-CAPPED', strategyId: 'CAP3', bizType: 'CAPPED' }, by);
  await store.put('filterStrategyRel', { id: 'HOUR2-HOURLY', strategyId: 'HOUR2', bizType: 'HOURLY' }, by);
  await store.put('blacklist', { kind: 'MOBILE', value: '13800138000', reason: '用户投诉退订' }, by);
  await store.put('blacklist', { kind: 'MOBILE', value: '13600136000', bizType: 'OTHER', reason: 'only OTHER' }, by);
  await store.put('blacklist', { kind: 'USER_ID', value: 'OLD', reason: 'expired', expiresAt: '2024-03-01T00:00:00Z' }, by);
  await store.put('whitelist', { kind: 'MOBILE', value: '13900139000', reason: 'VIP' }, by);
  await store.put('emailDomain', { domain: 'example.com' }, by);
  screen = createScreen({
    doc: tables.doc,
    config: cachedConfig(store),
    tables: { config: tables.name('config'), counters: tables.name('counters'), messages: tables.name('messages') },
  });
});

describe('createScreen against DynamoDB Local', () => {
  it('intercepts a blacklisted mobile in any format and records the interceptions', async () => {
    const recipients = ['+86 138-0013-8000', '0086 138 0013 8000', '138 0013 8000', '13700137000'].map((to, index) => ({ index, to }));
    const screened = input({ sendId: 'BL1', recipients });
    const decisions = await screen.screen(screened);
    expect(decisions).toEqual([
      ...[0, 1, 2].map((index) => ({ index, action: 'INTERCEPT', rule: 'BLACKLIST', reason: '用户投诉退订' })),
      { index: 3, action: 'SEND', exempt: false },
    ]);

    const records = toInterceptRecords(screened, decisions, '2024-03-10T04:00:01.000Z');
    await screen.recordInterceptions(records);
    await screen.recordInterceptions(records); // redelivery: same ids, no duplicates
    const { Item } = await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: { pk: 'ICPT#BL1#0', sk: 'META' } }));
    expect(Item).toMatchObject({ rule: 'BLACKLIST', reason: '用户投诉退订', gsi1pk: dayPartition(DAY_KINDS.intercept, '2024-03-10', 'BL1#0'), mobile: '+86 138-0013-8000' });
    const byMobile = await tables.doc.send(
      new QueryCommand({ TableName: tables.name('messages'), IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :m', ExpressionAttributeValues: { ':m': 'ICPTMOB#13800138000' } }),
    );
    expect(byMobile.Items?.map((i) => i.id).sort()).toEqual(['BL1#0', 'BL1#1', 'BL1#2']);
  });

  it('does not apply a blacklist entry limited to another business type, nor an expired one', async () => {
    const decisions = await screen.screen(input({ sendId: 'BL2', recipients: [{ index: 0, to: '13600136000' }, { index: 1, to: '13700137001', userId: 'OLD' }] }));
    expect(decisions.map((d) => d.action)).toEqual(['SEND', 'SEND']);
  });

  it('sends N with a daily cap of N and intercepts the N+1th', async () => {
    const actions = [];
    for (let n = 1; n <= 4; n++) actions.push((await screen.screen(input({ bizType: 'CAPPED', sendId: `CAP-${n}`, recipients: [{ index: 0, to: '13500135000' }] })))[0]);
    expect(actions.slice(0, 3)).toEqual([0, 1, 2].map(() => ({ index: 0, action: 'SEND', exempt: false })));
    expect(actions[3]).toEqual({ index: 0, action: 'INTERCEPT', rule: 'DAILY_CAP', reason: '超过每日发送上限 3' });
    // Redeliveries at the cap: the 3rd was counted, so it is sent again; the 4th stays intercepted.
    const again = (n: number) => screen.screen(input({ bizType: 'CAPPED', sendId: `CAP-${n}`, recipients: [{ index: 0, to: '13500135000' }] }));
    expect((await again(3))[0]!.action).toBe('SEND');
    expect((await again(4))[0]!.action).toBe('INTERCEPT');
  });

  it('lets a whitelisted mobile past the cap, exempt', async () => {
    for (let n = 1; n <= 5; n++) {
      const [decision] = await screen.screen(input({ bizType: 'CAPPED', sendId: `WL-${n}`, recipients: [{ index: 0, to: '+86 139 0013 9000' }] }));
      expect(decision).toEqual({ index: 0, action: 'SEND', exempt: true });
    }
  });

  it('exempts a whitelisted e-mail domain in any case', async () => {
    const decisions = await screen.screen(input({ bizType: 'CAPPED', channel: 'EMAIL', sendId: 'EM-1', recipients: [{ index: 0, to: 'Alice@EXAMPLE.COM' }] }));
    expect(decisions).toEqual([{ index: 0, action: 'SEND', exempt: true }]);
  });

  it('applies an hourly cap per local hour', async () => {
    const at = (iso: string, n: number) => screen.screen(input({ bizType: 'HOURLY', sendId: `H-${n}`, now: new Date(iso), recipients: [{ index: 0, to: '13400134000' }] }));
    expect((await at('2024-03-10T04:00:00Z', 1))[0]!.action).toBe('SEND');
    expect((await at('2024-03-10T04:30:00Z', 2))[0]!.action).toBe('SEND');
    expect((await at('2024-03-10T04:59:00Z', 3))[0]).toMatchObject({ action: 'INTERCEPT', rule: 'HOURLY_CAP' });
    expect((await at('2024-03-10T05:00:00Z', 4))[0]!.action).toBe('SEND'); // next hour
  });

  it('counts a redelivered split once: both deliveries SEND', async () => {
    const redelivered = input({ bizType: 'CAPPED', sendId: 'DUP-1', recipients: [{ index: 0, to: '13300133000' }, { index: 1, to: '13300133001' }] });
    const first = await screen.screen(redelivered);
    const second = await screen.screen(redelivered);
    expect(first).toEqual(second);
    expect(second.map((d) => d.action)).toEqual(['SEND', 'SEND']);
    const { Item } = await tables.doc.send(new GetCommand({ TableName: tables.name('counters'), Key: { pk: 'CAP#CAPPED#SMS#13300133000#2024-03-10', sk: 'D' } }));
    expect(Item).toMatchObject({ n: 1, h12: 1 });
    expect([...(Item!.ids as Set<string>)]).toEqual(['DUP-1#0']);
    expect(Item!.expiresAt).toBeGreaterThan(NOON.getTime() / 1000);
  });

  it('does not overshoot the cap under concurrent splits', async () => {
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, n) => screen.screen(input({ bizType: 'CAPPED', sendId: `PAR-${n}`, recipients: [{ index: 0, to: '13200132000' }] }))),
    );
    const actions = runs.map(([d]) => d!.action);
    expect(actions.filter((a) => a === 'SEND')).toHaveLength(3);
    expect(actions.filter((a) => a === 'INTERCEPT')).toHaveLength(7);
  });

  it('records a fully intercepted request once, keeping the first record', async () => {
    const screened = input({ sendId: 'ALL-1', recipients: [{ index: 0, to: '13800138000' }, { index: 1, to: '+8613800138000' }] });
    const decisions = await screen.screen(screened);
    const request = { institution: 'INST', requestNo: 'R-ALL', bizType: 'MARKET', recipientCount: 2 };
    const intercepted = toInterceptedRequest(request, decisions, '2024-03-10T04:00:02.000Z');
    expect(intercepted).toBeDefined();
    await screen.recordInterceptedRequest(intercepted!);
    await screen.recordInterceptedRequest({ ...intercepted!, createdAt: '2024-03-11T00:00:00.000Z' });
    const { Item } = await tables.doc.send(new GetCommand({ TableName: tables.name('messages'), Key: { pk: 'ICPTREQ#INST#R-ALL', sk: 'META' } }));
    expect(Item).toMatchObject({
      reason: 'BLACKLIST: 用户投诉退订',
      recipientCount: 2,
      createdAt: '2024-03-10T04:00:02.000Z',
      gsi1pk: dayPartition(DAY_KINDS.interceptedRequest, '2024-03-10', 'INST#R-ALL'),
      gsi2pk: 'ICPTREQNO#R-ALL',
      gsi2sk: 'INST',
      gsi3pk: 'ICPTREQBIZ#MARKET',
    });
  });
});
