import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { MQ_TARGET_QUEUE_PREFIX } from '#contracts/mq-targets';
import type { ConfigEntityName, ConfigItem } from '#contracts/config-registry';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { isDomainError } from '#core/errors';
import type { SeedContext } from '../platform.ts';

// MQ to a queue no manifest lists (README "Demo configuration"): business type LEDGER_NOTICE goes to
// send type MQ_TARGET_DEMO, provider SQS, queue hcmsg-target-demo. The runner creates that queue at
// every start (platform option targetQueues), as a downstream team would in its AWS account.

export const DEMO_MQ_TARGET_QUEUE = `${MQ_TARGET_QUEUE_PREFIX}demo`;

const items: { [E in ConfigEntityName]: [E, ConfigItem<E>] }[ConfigEntityName][] = [
  ['bizType', { code: 'LEDGER_NOTICE', name: '对账通知 (MQ)', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }],
  ['sendType', { id: 'MQ_TARGET_DEMO', name: `MQ → ${DEMO_MQ_TARGET_QUEUE}`, channel: 'MQ', provider: 'SQS', settings: { queue: DEMO_MQ_TARGET_QUEUE }, enabled: true }],
  ['dispatchConfig', { id: 'LEDGER_MQ', name: '对账通知 → MQ 目标队列', enabled: true, priority: 10, match: { bizType: 'LEDGER_NOTICE' }, sendLimit: 3 }],
  ['dispatchMethod', { id: 'LEDGER_MQ_TARGET', dispatchConfigId: 'LEDGER_MQ', sendTypeId: 'MQ_TARGET_DEMO', greenLane: false, enabled: true }],
];

export const loadMqTargetDemo = async (store: ConfigStore, now = new Date()): Promise<void> => {
  for (const [entity, item] of items) {
    try {
      await store.put(entity, item as never, { by: 'demo', now });
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
};

export const mqTargetDemo = {
  name: 'mq-target',
  load: (context: SeedContext) => loadMqTargetDemo(createConfigStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('config'))),
};
