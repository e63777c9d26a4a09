import * as z from 'zod';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { sqsDeadLetters } from '#adapters/sqs-dlq';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { adminAuth } from '#runtime/admin-auth';
import { laneEnv, lanesFromEnv } from '#runtime/admin-lanes';
import { channelLaneEnv, channelLanes } from '#runtime/channel-lanes';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { actionsRouter } from './admin/actions-routes.ts';

const env = parseEnv(z.object({ TABLE_MESSAGES: z.string(), TABLE_AUDIT: z.string(), ...laneEnv.shape, ...channelLaneEnv.shape }));
const doc = documentClient();
const route = actionsRouter({
  sendRecords: createSendRecordStore(doc, env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  lanes: channelLanes(env),
  deadLetters: sqsDeadLetters(sqsClient(), lanesFromEnv(env as Record<string, string>)),
  audit: createAuditLog(doc, env.TABLE_AUDIT),
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
