import { describe, expect, it } from 'vitest';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createScreen } from '#adapters/interception/screen';
import { DEMO_BLACKLISTED_MOBILE, loadInterceptionDemo } from '../../infra/local/demo/interception.ts';
import { loadPipelineDemo } from '../../infra/local/demo/pipeline.ts';
import { useTables } from '../support/tables.ts';

describe('interception demo configuration', () => {
  it('shows a strategy without holding the demo business types, and intercepts the demo number', async () => {
    const tables = await useTables();
    const store = createConfigStore(tables.doc, tables.name('config'));
    await loadPipelineDemo(store);
    await loadInterceptionDemo(store);
    await loadInterceptionDemo(store); // reloading is harmless

    expect(await store.get('filterStrategy', 'DEMO_STRATEGY')).toMatchObject({ dailyCap: 10, quietHours: { start: '22:00', end: '08:00' } });
    expect((await store.list('filterStrategyRel')).filter((rel) => rel.strategyId === 'DEMO_STRATEGY')).toEqual([]);

    const screen = createScreen({
      doc: tables.doc,
      config: cachedConfig(store),
      tables: { config: tables.name('config'), counters: tables.name('counters'), messages: tables.name('messages') },
    });
    const decisions = await screen.screen({
      institution: 'OUTPLATFORM',
      requestNo: 'DEMO-1',
      bizType: 'MARKET_ACTIVITY',
      channel: 'SMS',
      sendId: 'DEMO-1-SMS',
      title: '赌博', // a DEMO_STRATEGY word, but the strategy is attached to nothing
      content: '夜间活动',
      recipients: [
        { index: 0, to: `+86 ${DEMO_BLACKLISTED_MOBILE}` },
        { index: 1, to: '13361249238' },
      ],
      now: new Date('2024-03-10T15:30:00Z'), // 23:30 in Shanghai: inside the demo quiet hours
    });
    expect(decisions).toEqual([
      { index: 0, action: 'INTERCEPT', rule: 'BLACKLIST', reason: '演示：用户已退订营销短信' },
      { index: 1, action: 'SEND', exempt: false },
    ]);
  });
});
