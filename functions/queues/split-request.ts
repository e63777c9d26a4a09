import { requestMessage } from '#contracts/records';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createDeviceStore } from '#adapters/dynamo/device-store';
import { createInboxStore } from '#adapters/dynamo/inbox-store';
import { createRecipientIndexStore } from '#adapters/dynamo/recipient-index-store';
import { createRequestProcessingStore } from '#adapters/dynamo/request-processing-store';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { createSuppressionStore } from '#adapters/dynamo/suppression-store';
import { createScreen } from '#adapters/interception/screen';
import { callbackTrigger } from '#adapters/callbacks/callback-wiring';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { splitRequest } from '#core/delivery/split-request';
import { channelLanes } from '#runtime/channel-lanes';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('splitRequest');
const doc = documentClient();
const config = cachedConfig(createConfigStore(doc, env.TABLE_CONFIG));

const finishRequest = callbackTrigger({ doc, tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL });

const deps = {
  requests: createRequestProcessingStore(doc, env.TABLE_MESSAGES),
  sendRecords: createSendRecordStore(doc, env.TABLE_MESSAGES),
  inbox: createInboxStore(doc, env.TABLE_MESSAGES),
  recipientIndex: createRecipientIndexStore(doc, env.TABLE_MESSAGES),
  config,
  devices: createDeviceStore(doc, env.TABLE_MESSAGES),
  screen: createScreen({ doc, config, tables: { config: env.TABLE_CONFIG, counters: env.TABLE_COUNTERS, messages: env.TABLE_MESSAGES } }),
  suppressions: createSuppressionStore(doc, env.TABLE_MESSAGES),
  queue: sqsPublisher(),
  lanes: channelLanes(env),
  now: () => new Date(),
  log: logger,
};

export const handler = sqsHandler(requestMessage, async (message) => {
  const result = await splitRequest(deps, message);
  logger.info('request split', { ...message, ...result });
  // Nothing left to send (every recipient intercepted or suppressed): the request is final now.
  if (result.outcome === 'split' && result.enqueued === 0 && result.firstSendId) await finishRequest(result.firstSendId);
});
