import { sendMessageRef } from '#contracts/records';
import { mqProviders } from '#adapters/providers/mq';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { sendRecord } from '#core/delivery/send-record';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { countDelivery } from '#runtime/metrics';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendMq');
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES },
  lanes: { MQ: laneOf(env, 'mq') },
  mqQueues: { mqOutbound: env.QUEUE_MQ_OUTBOUND_URL },
  providers: mqProviders,
  log: logger,
});

export const handler = sqsHandler(sendMessageRef, async (message) => {
  logger.info('send record', { sendId: message.sendId, ...countDelivery('MQ', await sendRecord(deps, message.sendId)) });
});
