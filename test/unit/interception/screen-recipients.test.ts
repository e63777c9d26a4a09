import { describe, expect, it } from 'vitest';
import type { ConfigEntityName, ConfigItem } from '#contracts/config-registry';
import type { ListEntry } from '#contracts/config-protection';
import type { ScreenInput } from '#core/interception/screen-port';
import { screenRecipients } from '#core/interception/screen-recipients';
import { FakeCapCounter, FakeListLookup, fakeConfig } from '../../support/fakes/interception-fakes.ts';

const bizType = (code: string, critical = false) => ({ code, name: code, enabled: true, priority: 5, greenLane: false, smsType: 'Transactional' as const, critical });
const strategy = (over: Partial<ConfigItem<'filterStrategy'>> = {}): ConfigItem<'filterStrategy'> => ({ id: 'S1', name: 'S1', enabled: true, ...over });
const attach = (strategyId: string, biz: string) => ({ id: `${strategyId}-${biz}`, strategyId, bizType: biz });

// 2024-03-10 12:00 in Shanghai: outside 22:00–08:00
const NOON = new Date('2024-03-10T04:00:00Z');

const input = (over: Partial<ScreenInput> = {}): ScreenInput => ({
  institution: 'INST',
  requestNo: 'R1',
  bizType: 'MARKET',
  channel: 'SMS',
  sendId: 'SEND1',
  title: 'Hello',
  content: 'A friendly message',
  recipients: [{ index: 0, to: '13800138000', mobile: '13800138000', userId: 'U0' }],
  now: NOON,
  ...over,
});

const setup = (
  config: { [E in ConfigEntityName]?: ConfigItem<E>[] } = {},
  lists: { blacklist?: ListEntry[]; whitelist?: ListEntry[]; emailDomains?: string[] } = {},
) => {
  const counters = new FakeCapCounter();
  const lists$ = new FakeListLookup(lists);
  const deps = { config: fakeConfig({ bizType: [bizType('MARKET'), bizType('OTP', true)], ...config }), lists: lists$, counters };
  return { deps, counters, lists: lists$ };
};

describe('screenRecipients', () => {
  it('sends when nothing applies, without touching counters', async () => {
    const { deps, counters } = setup();
    expect(await screenRecipients(deps, input())).toEqual([{ index: 0, action: 'SEND', exempt: false }]);
    expect(counters.requests).toHaveLength(0);
  });

  it('intercepts a blacklisted mobile however it is written, with the entry reason', async () => {
    const { deps } = setup({}, { blacklist: [{ kind: 'MOBILE', value: '13800138000', reason: '用户投诉' }] });
    const recipients = ['+86 138-0013-8000', '0086 138 0013 8000', '138 0013 8000', '8613800138000'].map((to, index) => ({ index, to }));
    const decisions = await screenRecipients(deps, input({ recipients }));
    expect(decisions).toEqual(recipients.map((r) => ({ index: r.index, action: 'INTERCEPT', rule: 'BLACKLIST', reason: '用户投诉' })));
  });

  it('matches blacklists by user id and device number too', async () => {
    const { deps } = setup({}, { blacklist: [{ kind: 'USER_ID', value: 'U9' }, { kind: 'DEVICE_NO', value: 'DEV-1' }] });
    const decisions = await screenRecipients(
      deps,
      input({ channel: 'PUSH', recipients: [{ index: 0, to: 'DEV-0', userId: 'U9' }, { index: 1, to: 'DEV-1' }, { index: 2, to: 'DEV-2' }] }),
    );
    expect(decisions.map((d) => d.action)).toEqual(['INTERCEPT', 'INTERCEPT', 'SEND']);
  });

  it('applies a blacklist entry limited to a business type only to that type', async () => {
    const { deps } = setup({}, { blacklist: [{ kind: 'MOBILE', value: '13800138000', bizType: 'OTHER' }] });
    expect((await screenRecipients(deps, input()))[0]!.action).toBe('SEND');
    expect((await screenRecipients(deps, input({ bizType: 'OTHER' })))[0]!.action).toBe('INTERCEPT');
  });

  it('ignores expired entries, checked against the injected clock', async () => {
    const { deps } = setup({}, {
      blacklist: [{ kind: 'MOBILE', value: '13800138000', expiresAt: '2024-03-10T03:59:59Z' }],
      whitelist: [{ kind: 'USER_ID', value: 'U0', expiresAt: '2024-03-10T03:00:00Z' }],
    });
    expect(await screenRecipients(deps, input())).toEqual([{ index: 0, action: 'SEND', exempt: false }]);
    const earlier = await screenRecipients(deps, input({ now: new Date('2024-03-10T02:00:00Z') }));
    expect(earlier).toEqual([{ index: 0, action: 'SEND', exempt: true }]); // whitelist still active wins
  });

  it('lets the whitelist win over the blacklist, forbidden words and caps', async () => {
    const { deps, counters } = setup(
      { filterStrategy: [strategy({ dailyCap: 1, forbiddenWords: ['spam'] })], filterStrategyRel: [attach('S1', 'MARKET')] },
      { blacklist: [{ kind: 'MOBILE', value: '13800138000' }], whitelist: [{ kind: 'MOBILE', value: '13800138000' }] },
    );
    const decisions = await screenRecipients(deps, input({ content: 'buy SPAM now' }));
    expect(decisions).toEqual([{ index: 0, action: 'SEND', exempt: true }]);
    expect(counters.requests).toHaveLength(0);
  });

  it('exempts whitelisted e-mail domains case-insensitively, on the EMAIL channel', async () => {
    const { deps } = setup({ filterStrategy: [strategy({ dailyCap: 1 })], filterStrategyRel: [attach('S1', 'MARKET')] }, { emailDomains: ['example.com'] });
    const recipients = [
      { index: 0, to: 'Alice@EXAMPLE.com' },
      { index: 1, to: 'bob@other.org' },
      { index: 2, to: 'bob@other.org' },
    ];
    const decisions = await screenRecipients(deps, input({ channel: 'EMAIL', recipients }));
    expect(decisions).toEqual([
      { index: 0, action: 'SEND', exempt: true },
      { index: 1, action: 'SEND', exempt: false },
      { index: 2, action: 'INTERCEPT', rule: 'DAILY_CAP', reason: '超过每日发送上限 1' },
    ]);
  });

  it('intercepts every recipient when title or content holds a forbidden word', async () => {
    const { deps } = setup({ filterStrategy: [strategy({ forbiddenWords: ['赌博', 'casino'] })], filterStrategyRel: [attach('S1', 'MARKET')] });
    const recipients = [{ index: 0, to: '13800138000' }, { index: 1, to: '13900139000' }];
    const decisions = await screenRecipients(deps, input({ title: 'Big CASINO night', recipients }));
    expect(decisions.every((d) => d.action === 'INTERCEPT' && d.rule === 'FORBIDDEN_WORD')).toBe(true);
    expect(await screenRecipients(deps, input({ content: '线上赌博', sendId: 'S2' }))).toMatchObject([{ rule: 'FORBIDDEN_WORD', reason: '内容含有敏感词「赌博」' }]);
  });

  it('ignores disabled strategies and strategies attached to other business types', async () => {
    const { deps } = setup({
      filterStrategy: [strategy({ id: 'OFF', enabled: false, forbiddenWords: ['hello'] }), strategy({ id: 'ELSE', forbiddenWords: ['hello'] })],
      filterStrategyRel: [attach('OFF', 'MARKET'), attach('ELSE', 'OTHER')],
    });
    expect((await screenRecipients(deps, input()))[0]!.action).toBe('SEND');
  });

  it('sends N within a daily cap of N and intercepts the N+1th', async () => {
    const { deps } = setup({ filterStrategy: [strategy({ dailyCap: 3 })], filterStrategyRel: [attach('S1', 'MARKET')] });
    const actions = [];
    for (let n = 1; n <= 4; n++) actions.push((await screenRecipients(deps, input({ sendId: `SEND${n}` })))[0]!);
    expect(actions.slice(0, 3).every((d) => d.action === 'SEND')).toBe(true);
    expect(actions[3]).toEqual({ index: 0, action: 'INTERCEPT', rule: 'DAILY_CAP', reason: '超过每日发送上限 3' });
  });

  it('counts a redelivered send record once and sends it again', async () => {
    const { deps, counters } = setup({ filterStrategy: [strategy({ dailyCap: 1 })], filterStrategyRel: [attach('S1', 'MARKET')] });
    expect(await screenRecipients(deps, input())).toEqual([{ index: 0, action: 'SEND', exempt: false }]);
    expect(await screenRecipients(deps, input())).toEqual([{ index: 0, action: 'SEND', exempt: false }]);
    expect([...counters.items.values()][0]!.n).toBe(1);
  });

  it('uses the smallest cap when several strategies are attached, and counts per channel address', async () => {
    const { deps, counters } = setup({
      filterStrategy: [strategy({ id: 'A', dailyCap: 5, hourlyCap: 2 }), strategy({ id: 'B', dailyCap: 3 })],
      filterStrategyRel: [attach('A', 'MARKET'), attach('B', 'MARKET')],
    });
    await screenRecipients(deps, input({ recipients: [{ index: 0, to: '+86 13800138000' }] }));
    expect(counters.requests[0]).toMatchObject({ scope: 'MARKET#SMS#13800138000', day: '2024-03-10', hour: '12', dailyCap: 3, hourlyCap: 2, countId: 'SEND1#0' });
  });

  it('holds in quiet hours until the window ends, and sends once it has', async () => {
    const { deps } = setup({ filterStrategy: [strategy({ quietHours: { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' } })], filterStrategyRel: [attach('S1', 'MARKET')] });
    const night = new Date('2024-03-10T15:30:00Z'); // 23:30 Shanghai
    const [held] = await screenRecipients(deps, input({ now: night }));
    expect(held).toMatchObject({ action: 'HOLD', until: new Date('2024-03-11T00:00:00Z') });
    const release = await screenRecipients(deps, input({ now: new Date('2024-03-11T00:00:00Z') }));
    expect(release).toEqual([{ index: 0, action: 'SEND', exempt: false }]);
  });

  it('still holds whitelisted recipients in quiet hours, but not a critical business type', async () => {
    const quiet = { filterStrategy: [strategy({ quietHours: { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' } })], filterStrategyRel: [attach('S1', 'MARKET'), attach('S1', 'OTP')] };
    const { deps } = setup(quiet, { whitelist: [{ kind: 'USER_ID', value: 'U0' }] });
    const night = new Date('2024-03-10T19:00:00Z'); // 03:00 Shanghai
    expect((await screenRecipients(deps, input({ now: night })))[0]!.action).toBe('HOLD');
    expect(await screenRecipients(deps, input({ now: night, bizType: 'OTP', recipients: [{ index: 0, to: '13900139000' }] }))).toEqual([
      { index: 0, action: 'SEND', exempt: false },
    ]);
  });

  it('intercepts over the cap even in quiet hours (it would never be sent)', async () => {
    const { deps } = setup({
      filterStrategy: [strategy({ dailyCap: 1, quietHours: { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' } })],
      filterStrategyRel: [attach('S1', 'MARKET')],
    });
    const night = new Date('2024-03-10T15:30:00Z');
    expect((await screenRecipients(deps, input({ now: night, sendId: 'A' })))[0]!.action).toBe('HOLD');
    expect((await screenRecipients(deps, input({ now: night, sendId: 'B' })))[0]).toMatchObject({ action: 'INTERCEPT', rule: 'DAILY_CAP' });
  });

  it('looks lists up once per send record with the bizType-specific and the general key', async () => {
    const { deps, lists } = setup();
    const recipients = Array.from({ length: 100 }, (_, index) => ({ index, to: `1380013${String(index).padStart(4, '0')}`, userId: `U${index}` }));
    await screenRecipients(deps, input({ recipients }));
    expect(lists.lookups).toEqual([100 * 4 * 2]); // 2 identities × 2 keys, blacklist and whitelist
  });
});
