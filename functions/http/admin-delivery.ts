import { documentClient, loadSecretKey } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createCallbackConfigStore } from '#adapters/callbacks/callback-config-store';
import { createCallbackDeliveryStore } from '#adapters/callbacks/callback-delivery-store';
import { callbackQueue } from '#adapters/callbacks/callback-wiring';
import { secretSealer } from '#adapters/callbacks/secret-sealer';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createSuppressionStore } from '#adapters/dynamo/suppression-store';
import { adminAuth } from '#runtime/admin-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { deliveryRouter } from './admin/delivery-routes.ts';

const env = functionEnvOf('adminDelivery');
const doc = documentClient();
const route = deliveryRouter({
  doc,
  tables: { messages: env.TABLE_MESSAGES },
  config: cachedConfig(createConfigStore(doc, env.TABLE_CONFIG)),
  configs: createCallbackConfigStore(doc, env.TABLE_CONFIG, env.TABLE_AUDIT),
  deliveries: createCallbackDeliveryStore(doc, env.TABLE_MESSAGES),
  queue: callbackQueue(env.QUEUE_CALLBACK_DELIVERY_URL),
  sealer: secretSealer(loadSecretKey(env.SECRET_CALLBACK_KEY_ID)), // Secrets Manager loads with the first callback secret
  suppressions: createSuppressionStore(doc, env.TABLE_MESSAGES, env.TABLE_AUDIT),
  audit: createAuditLog(doc, env.TABLE_AUDIT),
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
