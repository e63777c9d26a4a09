import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfigEntityName, ConfigItem } from '#contracts/config-registry';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { isDomainError } from '#core/errors';
import { hashApiKey } from '#runtime/api-key-auth';
import type { SeedContext } from '../platform.ts';

// The message pipeline's demo configuration (README "Demo configuration"): enough for the seed's two
// sendMessage examples to work verbatim, every channel on the OUTBOX provider.

export const DEMO_API_KEY = 'demo-outplatform-key';

type Put = (store: ConfigStore, now: Date) => Promise<unknown>;

const entry =
  <E extends ConfigEntityName>(entity: E, item: ConfigItem<E>): Put =>
  (store, now) =>
    store.put(entity, item, { by: 'demo', now });

const entries = (createdAt: string): Put[] => [
  entry('institution', { code: 'OUTPLATFORM', name: '外部平台 (demo)', enabled: true }),
  entry('apiKey', { keyHash: hashApiKey(DEMO_API_KEY), institution: 'OUTPLATFORM', prefix: 'demo-out', createdAt }),
  entry('bizType', { code: 'MARKET_ACTIVITY', name: '营销活动', enabled: true, priority: 5, greenLane: false, smsType: 'Promotional', critical: false }),
  entry('bizType', { code: 'ACCOUNT_SECURITY', name: '账户安全', enabled: true, priority: 9, greenLane: true, smsType: 'Transactional', critical: true }),
  entry('bizType', { code: 'DISABLED_DEMO', name: '已停用的业务类型', enabled: false, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }),
  entry('channelType', { code: 'APP', name: 'APP 渠道', enabled: true }),
  entry('channel', { channelNo: 'APP001', name: '官方 APP', channelTypeCode: 'APP', enabled: true }),
  entry('channelMapping', { id: 'APP-APP001', channelTypeCode: 'APP', channelNo: 'APP001' }),
  entry('deviceType', { code: 'ANDROID', name: 'Android', platform: 'ANDROID' }),
  entry('deviceType', { code: 'IOS', name: 'iOS', platform: 'IOS' }),
  entry('sendType', { id: 'SMS_OUTBOX', name: '短信 (outbox)', channel: 'SMS', provider: 'OUTBOX', settings: {}, enabled: true }),
  entry('sendType', { id: 'EMAIL_OUTBOX', name: '邮件 (outbox)', channel: 'EMAIL', provider: 'OUTBOX', settings: {}, enabled: true }),
  entry('sendType', { id: 'PUSH_OUTBOX', name: 'APP 推送 (outbox)', channel: 'PUSH', provider: 'OUTBOX', settings: {}, enabled: true }),
  entry('sendType', { id: 'MQ_OUTBOX', name: 'MQ (outbox)', channel: 'MQ', provider: 'OUTBOX', settings: {}, enabled: true }),
  entry('template', { id: 'MARKET_TMPL', name: '营销活动模板', title: '${title}', content: '尊敬的${custName}，${A}' }),
  entry('template', { id: 'SECURITY_TMPL', name: '账户安全模板', title: '账户安全提醒', content: '尊敬的${custName}，${A}' }),
  // No sendType in the match: the default configuration also catches EMAIL requests if the e-mail one is disabled.
  entry('dispatchConfig', { id: 'MARKET_DEFAULT', name: '营销活动 默认 → 短信', enabled: true, priority: 10, match: { bizType: 'MARKET_ACTIVITY' }, sendLimit: 3 }),
  entry('dispatchConfig', { id: 'MARKET_EMAIL', name: '营销活动 EMAIL → 邮件', enabled: true, priority: 20, match: { bizType: 'MARKET_ACTIVITY', sendType: 'EMAIL' }, sendLimit: 3 }),
  entry('dispatchConfig', { id: 'SECURITY', name: '账户安全 → 短信 + APP 推送', enabled: true, priority: 10, match: { bizType: 'ACCOUNT_SECURITY' }, sendLimit: 3 }),
  entry('dispatchMethod', { id: 'MARKET_DEFAULT_SMS', dispatchConfigId: 'MARKET_DEFAULT', sendTypeId: 'SMS_OUTBOX', templateId: 'MARKET_TMPL', greenLane: false, enabled: true }),
  entry('dispatchMethod', { id: 'MARKET_EMAIL_EMAIL', dispatchConfigId: 'MARKET_EMAIL', sendTypeId: 'EMAIL_OUTBOX', templateId: 'MARKET_TMPL', greenLane: false, enabled: true }),
  entry('dispatchMethod', { id: 'SECURITY_SMS', dispatchConfigId: 'SECURITY', sendTypeId: 'SMS_OUTBOX', templateId: 'SECURITY_TMPL', greenLane: true, enabled: true }),
  entry('dispatchMethod', { id: 'SECURITY_PUSH', dispatchConfigId: 'SECURITY', sendTypeId: 'PUSH_OUTBOX', templateId: 'SECURITY_TMPL', deviceTypeCode: 'ANDROID', greenLane: true, enabled: true }),
];

/** Writes the pipeline demo configuration; items that already exist are kept, so a reload is harmless. */
export const loadPipelineDemo = async (store: ConfigStore, now = new Date()): Promise<void> => {
  for (const put of entries(now.toISOString())) {
    try {
      await put(store, now);
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
};

export const pipelineDemo = {
  name: 'pipeline',
  load: (context: SeedContext) =>
    loadPipelineDemo(createConfigStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('config'))),
};
