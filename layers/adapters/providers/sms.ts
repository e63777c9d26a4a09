import { SNSClient } from '@aws-sdk/client-sns';
import { httpSmsProvider } from './http-sms.ts';
import { lazy, type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';
import { snsSmsProvider } from './sns-sms.ts';

/** SMS: Amazon SNS to a phone number, an HTTP gateway (the seed's "linker"), or the OUTBOX. */
export const smsProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SNS_SMS: snsSmsProvider(lazy(() => new SNSClient({ maxAttempts: 2 }))),
  HTTP_SMS: httpSmsProvider(),
});
