import { isPlainSecretSetting, isSecretReferenceSetting, providerSecretRef } from '#contracts/provider-secrets';
import type { ConfigEntityName } from '#contracts/config-registry';
import { DomainError } from '#core/errors';

/**
 * A send type's settings name their credentials (`signingKeySecret`: a Secrets Manager name or ARN
 * under `message-platform/<stage>/providers/`) and never hold one: a value typed into the
 * configuration would be shown to every viewer and copied into the audit. Checked on writes only,
 * so items stored before the rule still load (they are shown redacted and their sender refuses them).
 */
export const assertSettingsNameSecrets = (entity: ConfigEntityName, item: unknown): void => {
  if (entity !== 'sendType') return;
  const settings = (item as { settings?: Record<string, string> }).settings ?? {};
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
