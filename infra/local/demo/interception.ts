import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { isDomainError } from '#core/errors';
import { normaliseListValue } from '#core/interception/normalise';
import type { SeedContext } from '../platform.ts';

// 发送拦截 demo: an example strategy attached to NO business type (operators see how one is set up;
// the demo's business types keep delivering at any hour), one blacklisted number to watch an
// interception happen, and one whitelisted e-mail domain.

export const DEMO_BLACKLISTED_MOBILE = '13900009999';

export const loadInterceptionDemo = async (store: ConfigStore, now = new Date()): Promise<void> => {
  const puts = [
    () =>
      store.put(
        'filterStrategy',
        {
          id: 'DEMO_STRATEGY',
          name: '演示过滤策略：每日 10 条，22:00–08:00 免打扰，敏感词',
          enabled: true,
          dailyCap: 10,
          quietHours: { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' },
          forbiddenWords: ['赌博', '代开发票'],
        },
        { by: 'demo', now },
      ),
    () =>
      store.put(
        'blacklist',
        { kind: 'MOBILE', value: normaliseListValue('MOBILE', DEMO_BLACKLISTED_MOBILE), reason: '演示：用户已退订营销短信', bizType: 'MARKET_ACTIVITY' },
        { by: 'demo', now },
      ),
    () => store.put('emailDomain', { domain: 'example.com', remark: '演示：内部测试域名' }, { by: 'demo', now }),
  ];
  for (const put of puts) {
    try {
      await put();
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
};

export const interceptionDemo = {
  name: 'interception',
  load: (context: SeedContext) =>
    loadInterceptionDemo(createConfigStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('config'))),
};
