import { sendMessageRef } from '#contracts/records';
import { pushProviders } from '#adapters/providers/push';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { sendRecord } from '#core/delivery/send-record';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { countDelivery } from '#runtime/metrics';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendPush');
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES },
  lanes: { PUSH: laneOf(env, 'push') },
  providers: pushProviders,
  log: logger,
});

export const handler = sqsHandler(sendMessageRef, async (message) => {
  logger.info('send record', { sendId: message.sendId, ...countDelivery('PUSH', await sendRecord(deps, message.sendId)) });
});
