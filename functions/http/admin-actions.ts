import { documentClient, loadSqsClient } from '#adapters/aws-clients';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { createRequestProcessingStore } from '#adapters/dynamo/request-processing-store';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { eventBridgeScheduler } from '#adapters/scheduler';
import { sqsDeadLetters } from '#adapters/sqs-dlq';
import { providerGuardOf } from '#adapters/providers/provider-guard-wiring';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { adminAuth } from '#runtime/admin-auth';
import { channelLanes, deadLetterLanes } from '#runtime/channel-lanes';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { actionsRouter } from './admin/actions-routes.ts';

const env = functionEnvOf('adminActions');
const doc = documentClient();
const route = actionsRouter({
  sendRecords: createSendRecordStore(doc, env.TABLE_MESSAGES),
  // SQS loads with the first resend or dead-letter view: most admin calls never send.
  queue: sqsPublisher(),
  lanes: channelLanes(env),
  deadLetters: sqsDeadLetters(loadSqsClient, deadLetterLanes(env)),
  audit: createAuditLog(doc, env.TABLE_AUDIT),
  guard: providerGuardOf(doc, undefined, { messages: env.TABLE_MESSAGES, audit: env.TABLE_AUDIT }),
  scheduled: {
    requests: createRequestProcessingStore(doc, env.TABLE_MESSAGES),
    scheduler: eventBridgeScheduler({ groupName: env.SCHEDULER_GROUP_NAME, roleArn: env.SCHEDULER_ROLE_ARN }),
  },
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
