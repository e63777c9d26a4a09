import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { adminAuth } from '#runtime/admin-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { recordsRouter } from './admin/records-routes.ts';

const env = functionEnvOf('adminRecords');
const doc = documentClient();
const route = recordsRouter({
  doc,
  tables: { messages: env.TABLE_MESSAGES, captcha: env.TABLE_CAPTCHA, audit: env.TABLE_AUDIT },
  config: cachedConfig(createConfigStore(doc, env.TABLE_CONFIG)),
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
