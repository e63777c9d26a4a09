import { SNSClient } from '@aws-sdk/client-sns';
import { lazy, type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';
import { snsPushProvider } from './sns-push.ts';

/** App push: SNS mobile push (device token → platform endpoint), or the OUTBOX. */
export const pushProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SNS_PUSH: snsPushProvider(lazy(() => new SNSClient({ maxAttempts: 2 })), deps.config),
});
