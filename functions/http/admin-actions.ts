import * as z from 'zod';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { sqsDeadLetters } from '#adapters/sqs-dlq';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { adminAuth } from '#runtime/admin-auth';
import { actionsRouter, channelLanesFromEnv, laneEnv, lanesFromEnv } from '#runtime/admin-routes-actions';
import { parseEnv } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = parseEnv(z.object({ TABLE_MESSAGES: z.string(), TABLE_AUDIT: z.string(), ...laneEnv.shape }));
const doc = documentClient();
const route = actionsRouter({
  sendRecords: createSendRecordStore(doc, env.TABLE_MESSAGES),
  queue: sqsPublisher(sqsClient()),
  lanes: channelLanesFromEnv(env as Record<string, string>),
  deadLetters: sqsDeadLetters(sqsClient(), lanesFromEnv(env as Record<string, string>)),
  audit: createAuditLog(doc, env.TABLE_AUDIT),
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
