import * as z from 'zod';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { adminAuth } from '#runtime/admin-auth';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { recordsRouter } from './admin/records-routes.ts';

const env = parseEnv(z.object({ TABLE_CONFIG: z.string(), TABLE_MESSAGES: z.string(), TABLE_CAPTCHA: z.string(), TABLE_AUDIT: z.string() }));
const doc = documentClient();
const route = recordsRouter({
  doc,
  tables: { messages: env.TABLE_MESSAGES, captcha: env.TABLE_CAPTCHA, audit: env.TABLE_AUDIT },
  config: cachedConfig(createConfigStore(doc, env.TABLE_CONFIG)),
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
