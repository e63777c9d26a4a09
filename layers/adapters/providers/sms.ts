import { ProviderError } from '#core/providers';
import { deferred, lazy, type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';

/** SMS: Amazon SNS to a phone number, an HTTP gateway (the seed's "linker"), or the OUTBOX. */
export const smsProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SNS_SMS: deferred(async () => {
    const [{ SNSClient }, { snsSmsProvider }] = await Promise.all([import('@aws-sdk/client-sns'), import('./sns-sms.ts')]);
    return snsSmsProvider(lazy(() => new SNSClient({ maxAttempts: 2 })));
  }),
  HTTP_SMS: deferred(async () => {
    const { httpSmsProvider } = await import('./http-sms.ts');
    if (!deps.providerSecretPrefix) return httpSmsProvider({ secrets: () => Promise.reject(new ProviderError('HTTP_SMS: 此函数未绑定服务商密钥 (no providerSecrets binding)', false)) });
    const [{ providerSecrets }, { secretsManagerClient }] = await Promise.all([import('../provider-secrets.ts'), import('../secret-key.ts')]);
    return httpSmsProvider({ secrets: providerSecrets(lazy(secretsManagerClient), { prefix: deps.providerSecretPrefix }) });
  }),
});
