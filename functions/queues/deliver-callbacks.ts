import { CALLBACK_MAX_ATTEMPTS, callbackQueueMessage } from '#contracts/callbacks';
import { documentClient, loadSqsClient } from '#adapters/aws-clients';
import { createCallbackConfigStore } from '#adapters/callbacks/callback-config-store';
import { createCallbackDeliveryStore } from '#adapters/callbacks/callback-delivery-store';
import { httpPost } from '#adapters/callbacks/callback-wiring';
import { backOffVia } from '#adapters/sqs-back-off';
import { secretSealer } from '#adapters/callbacks/secret-sealer';
import { secretKey, secretsManagerClient } from '#adapters/secret-key';
import { deliverCallback } from '#core/callbacks/deliver-callback';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('deliverCallbacks');
const doc = documentClient();
const queueUrl = env.QUEUE_CALLBACK_DELIVERY_URL;
const deps = {
  configs: createCallbackConfigStore(doc, env.TABLE_CONFIG),
  deliveries: createCallbackDeliveryStore(doc, env.TABLE_MESSAGES),
  sealer: secretSealer(secretKey(secretsManagerClient(), env.SECRET_CALLBACK_KEY_ID)),
  post: httpPost,
  now: () => new Date(),
  maxAttempts: CALLBACK_MAX_ATTEMPTS,
};

// Caller callbacks: one signed POST per message; failures back off on the queue, then dead-letter.
export const handler = sqsHandler(callbackQueueMessage, async ({ deliveryId }, meta) => {
  const outcome = await deliverCallback(deps, deliveryId, { receiveCount: meta.receiveCount, backOff: backOffVia(loadSqsClient, queueUrl, meta.receiptHandle) });
  logger.info('callback', { deliveryId, outcome, receiveCount: meta.receiveCount });
});
