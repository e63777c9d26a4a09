import { mqTargetRefusal } from '#contracts/mq-targets';
import { isPlainSecretSetting, isSecretReferenceSetting, providerSecretRef } from '#contracts/provider-secrets';
import type { ConfigEntityName } from '#contracts/config-registry';
import type { ChannelKind } from '#contracts/config-common';
import type { ProviderKind } from '#contracts/config-platform';
import { channelSpec, deliversChannel } from '#core/channels/registry';
import { DomainError } from '#core/errors';

/** A send type whose provider cannot deliver its channel would leave its recipients unsendable: refused when saved. */
const assertProviderDeliversChannel = (sendType: { channel: ChannelKind; provider: ProviderKind }): void => {
  if (deliversChannel(sendType.channel, sendType.provider)) return;
  const allowed = channelSpec(sendType.channel).providers.join(', ');
  throw new DomainError('VALIDATION', `provider: ${sendType.channel} 渠道只能使用 ${allowed} (provider ${sendType.provider} does not deliver ${sendType.channel})`, 'provider');
};

/** An SQS send type or partner targets only the queues the MQ sender is granted (contracts/mq-targets.ts). */
const assertMqTarget = (item: { provider: ProviderKind; providers?: ProviderKind[] }, settings: Record<string, string>): void => {
  if (item.provider !== 'SQS' && !item.providers?.includes('SQS')) return;
  const refusal = settings.queue === undefined ? undefined : mqTargetRefusal(settings.queue);
  if (refusal) throw new DomainError('VALIDATION', `settings.queue: ${refusal}`, 'settings.queue');
};

/**
 * A send type's settings name their credentials (`signingKeySecret`: a Secrets Manager name or ARN
 * under `message-platform/<stage>/providers/`) and never hold one: a value typed into the
 * configuration would be shown to every viewer and copied into the audit. Checked on writes only,
 * so items stored before the rule still load (they are shown redacted and their sender refuses them).
 */
export const assertSettingsNameSecrets = (entity: ConfigEntityName, item: unknown): void => {
  if (entity !== 'sendType' && entity !== 'partner') return;
  if (entity === 'sendType') assertProviderDeliversChannel(item as { channel: ChannelKind; provider: ProviderKind });
  const settings = (item as { settings?: Record<string, string> }).settings ?? {};
  assertMqTarget(item as { provider: ProviderKind; providers?: ProviderKind[] }, settings);
  for (const [key, value] of Object.entries(settings)) {
    const field = `settings.${key}`;
    if (isPlainSecretSetting(key)) {
      const reference = `${key.replace(/s?$/, '')}Secret`;
      throw new DomainError(
        'VALIDATION',
        `${field}: 密钥不能写在配置里，请存入 Secrets Manager (message-platform/<stage>/providers/<name>) 并在 settings.${reference} 填写其名称 (store the key in Secrets Manager and name it in settings.${reference})`,
        field,
      );
    }
    if (isSecretReferenceSetting(key)) {
      const parsed = providerSecretRef.safeParse(value);
      if (!parsed.success) throw new DomainError('VALIDATION', `${field}: ${parsed.error.issues[0]!.message}`, field);
    }
  }
};
