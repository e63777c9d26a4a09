import { type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';
import { sqsMqProvider } from './sqs-mq.ts';

/** MQ: SQS to a configured queue (the downstream systems'), or the OUTBOX. */
export const mqProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SQS: sqsMqProvider(deps.sqs, deps.mqQueues ?? {}),
});
