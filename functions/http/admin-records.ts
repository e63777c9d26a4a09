import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { adminAuth } from '#runtime/admin-auth';
import { recordsRouter } from '#runtime/admin-routes-records';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('adminRecords');
const doc = documentClient();
const route = recordsRouter({
  doc,
  tables: { messages: env.TABLE_MESSAGES, captcha: env.TABLE_CAPTCHA, audit: env.TABLE_AUDIT },
  config: cachedConfig(createConfigStore(doc, env.TABLE_CONFIG)),
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
