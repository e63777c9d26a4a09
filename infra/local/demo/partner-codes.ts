import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfigEntityName, ConfigItem } from '#contracts/config-registry';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { isDomainError } from '#core/errors';
import type { SeedContext } from '../platform.ts';

// 合作方编码映射 demo (README "Demo configuration"): business type PARTNER_DEMO is sent by send type
// SMS_PARTNER_DEMO, linked to partner DEMO_SMS_PARTNER, which has its own codes for our template and
// our signature. Both are on the OUTBOX, so the outbox entry shows the codes a gateway would receive.

const items: { [E in ConfigEntityName]: [E, ConfigItem<E>] }[ConfigEntityName][] = [
  ['bizType', { code: 'PARTNER_DEMO', name: '合作方通道演示', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }],
  ['sendType', { id: 'SMS_PARTNER_DEMO', name: '短信 (合作方演示, outbox)', channel: 'SMS', provider: 'OUTBOX', settings: {}, enabled: true }],
  ['partner', { code: 'DEMO_SMS_PARTNER', name: '演示短信合作方', provider: 'OUTBOX', settings: {}, enabled: true }],
  ['partnerLink', { id: 'SMS_PARTNER_DEMO-DEMO_SMS_PARTNER', sendTypeId: 'SMS_PARTNER_DEMO', partnerCode: 'DEMO_SMS_PARTNER', enabled: true }],
  ['partnerMapping', { id: 'DEMO_SMS_PARTNER-TEMPLATE-SECURITY_TMPL', partnerCode: 'DEMO_SMS_PARTNER', kind: 'TEMPLATE', ourCode: 'SECURITY_TMPL', partnerValue: 'SMS_100001' }],
  ['partnerMapping', { id: 'DEMO_SMS_PARTNER-SIGN-SMS_PARTNER_DEMO', partnerCode: 'DEMO_SMS_PARTNER', kind: 'SIGN', ourCode: 'SMS_PARTNER_DEMO', partnerValue: '演示金融' }],
  ['dispatchConfig', { id: 'PARTNER_DEMO', name: '合作方通道演示 → 短信', enabled: true, priority: 10, match: { bizType: 'PARTNER_DEMO' }, sendLimit: 3 }],
  ['dispatchMethod', { id: 'PARTNER_DEMO_SMS', dispatchConfigId: 'PARTNER_DEMO', sendTypeId: 'SMS_PARTNER_DEMO', templateId: 'SECURITY_TMPL', greenLane: false, enabled: true }],
];

export const loadPartnerCodesDemo = async (store: ConfigStore, now = new Date()): Promise<void> => {
  for (const [entity, item] of items) {
    try {
      await store.put(entity, item as never, { by: 'demo', now });
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
};

export const partnerCodesDemo = {
  name: 'partner-codes',
  load: (context: SeedContext) => loadPartnerCodesDemo(createConfigStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('config'))),
};
