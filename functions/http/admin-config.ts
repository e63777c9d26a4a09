import { documentClient } from '#adapters/aws-clients';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createSwitchLogWriter } from '#adapters/dynamo/switch-log-store';
import { adminAuth } from '#runtime/admin-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { configRouter } from './admin/config-routes.ts';

const env = functionEnvOf('adminConfig');
const doc = documentClient();
const route = configRouter({
  config: createConfigStore(doc, env.TABLE_CONFIG, env.TABLE_AUDIT),
  audit: createAuditLog(doc, env.TABLE_AUDIT),
  switchLogs: createSwitchLogWriter(doc, env.TABLE_AUDIT),
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
