import { awsInboundSms } from '#contracts/upstream';
import { documentClient } from '#adapters/aws-clients';
import { createInboundDeps } from '#adapters/upstream/inbound-deps';
import { receiveInboundSms } from '#core/upstream/receive-inbound-sms';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('receiveInboundSms');
const deps = createInboundDeps(documentClient(), { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES, audit: env.TABLE_AUDIT });

// AWS two-way SMS: the number's SNS topic delivers each inbound message raw into this queue.
export const handler = sqsHandler(awsInboundSms, async (message) => {
  const result = await receiveInboundSms(deps, {
    source: 'AWS_SMS',
    sourceId: message.inboundMessageId,
    mobile: message.originationNumber,
    destination: message.destinationNumber,
    content: message.messageBody,
  });
  logger.info('inbound SMS', { inboundMessageId: message.inboundMessageId, ...result });
});
