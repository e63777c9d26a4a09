import type { ConfigReader } from '#core/config-port';
import { DomainError } from '#core/errors';
import { ProviderError } from '#core/providers';
import type { GatewayKeyOf } from '#core/reports/verify-gateway-signature';
import type { SecretReader } from '../provider-secrets.ts';

/**
 * The key an HTTP_SMS send type's gateway signs its receipts with: settings.callbackKeySecret when
 * the gateway has a key of its own for callbacks, else the one we sign our calls with
 * (settings.signingKeySecret). Both name a secret under the stage's providers prefix.
 */
export const gatewayKeys =
  (config: ConfigReader, secrets: SecretReader): GatewayKeyOf =>
  async (sendTypeId) => {
    const sendType = sendTypeId ? await config.get('sendType', sendTypeId) : undefined;
    if (!sendType || sendType.provider !== 'HTTP_SMS') return undefined;
    const ref = sendType.settings.callbackKeySecret ?? sendType.settings.signingKeySecret;
    if (!ref) return undefined;
    try {
      return await secrets(ref);
    } catch (error) {
      if (error instanceof ProviderError && error.retryable) throw new DomainError('DEPENDENCY_UNAVAILABLE', '密钥服务暂不可用 (secrets unavailable, retry later)');
      return undefined;
    }
  };
