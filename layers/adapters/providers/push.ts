import { deferred, lazy, type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';

/** App push: SNS mobile push (device token → platform endpoint), or the OUTBOX. */
export const pushProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SNS_PUSH: deferred(async () => {
    const [{ SNSClient }, { snsPushProvider }] = await Promise.all([import('@aws-sdk/client-sns'), import('./sns-push.ts')]);
    return snsPushProvider(lazy(() => new SNSClient({ maxAttempts: 2 })), deps.config);
  }),
});
