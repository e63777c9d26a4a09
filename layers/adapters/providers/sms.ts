import { SNSClient } from '@aws-sdk/client-sns';
import { ProviderError } from '#core/providers';
import { providerSecrets } from '../provider-secrets.ts';
import { secretsManagerClient } from '../secret-key.ts';
import { httpSmsProvider } from './http-sms.ts';
import { lazy, type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';
import { snsSmsProvider } from './sns-sms.ts';

/** SMS: Amazon SNS to a phone number, an HTTP gateway (the seed's "linker"), or the OUTBOX. */
export const smsProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SNS_SMS: snsSmsProvider(lazy(() => new SNSClient({ maxAttempts: 2 }))),
  HTTP_SMS: httpSmsProvider({
    secrets: deps.providerSecretPrefix
      ? providerSecrets(lazy(secretsManagerClient), { prefix: deps.providerSecretPrefix })
      : () => Promise.reject(new ProviderError('HTTP_SMS: 此函数未绑定服务商密钥 (no providerSecrets binding)', false)),
  }),
});
