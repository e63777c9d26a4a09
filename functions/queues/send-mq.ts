import { MQ_OUTBOUND_QUEUE } from '#contracts/mq-targets';
import { sendMessageRef } from '#contracts/records';
import { mqProviders } from '#adapters/providers/mq';
import { createSendRecordDeps } from '#adapters/providers/send-record-deps';
import { documentClient } from '#adapters/aws-clients';
import { sendRecord } from '#core/delivery/send-record';
import { callbackTrigger, mayFinishRequest } from '#adapters/callbacks/callback-wiring';
import { functionEnvOf } from '#runtime/env';
import { laneOf } from '#runtime/channel-lanes';
import { countDelivery } from '#runtime/metrics';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('sendMq');
// The request's callback batch, once its send records are all final (its own queue and consumer).
const finishRequest = callbackTrigger({ doc: documentClient(), tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL });
const deps = createSendRecordDeps({
  tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES, audit: env.TABLE_AUDIT },
  lanes: { MQ: laneOf(env, 'mq') },
  mqQueues: { [MQ_OUTBOUND_QUEUE]: env.QUEUE_MQ_OUTBOUND_URL },
  providers: mqProviders,
  log: logger,
});

export const handler = sqsHandler(sendMessageRef, async (message, meta) => {
  const result = await sendRecord(deps, message.sendId, { receiveCount: meta.receiveCount });
  logger.info('send record', { sendId: message.sendId, ...countDelivery('MQ', result) });
  if (mayFinishRequest(result)) await finishRequest(message.sendId);
});
