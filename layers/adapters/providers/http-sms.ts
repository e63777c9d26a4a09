import { createHmac } from 'node:crypto';
import { ProviderError, type Provider } from '#core/providers';
import type { SecretReader } from '../provider-secrets.ts';

/** Header carrying hex HMAC-SHA256 of the exact body bytes, so the gateway can verify the sender. */
export const SIGNATURE_HEADER = 'x-signature';

export const signBody = (key: string, body: string): string => createHmac('sha256', key).update(body, 'utf8').digest('hex');

export interface HttpSmsDeps {
  /** Reads settings.signingKeySecret from Secrets Manager (cached per container). */
  secrets: SecretReader;
  fetch?: typeof fetch;
}

/**
 * An external SMS platform over HTTP (the seed's "linker"): POSTs JSON to settings.url, signed with
 * the key in the Secrets Manager secret settings.signingKeySecret names. The key itself is never in
 * settings (a send type with a plain settings.signingKey, from before that rule, fails visibly).
 * 5xx, 429, timeouts and network errors are retried; any other 4xx is final. The message id travels
 * as an idempotency key so a retried call is not delivered twice.
 */
export const httpSmsProvider = (deps: HttpSmsDeps): Provider => ({
  async send(message, settings) {
    if (!settings.url) throw new ProviderError('HTTP_SMS: 派发方式缺少 url 设置 (settings.url missing)', false);
    if (settings.signingKey !== undefined) {
      throw new ProviderError('HTTP_SMS: settings.signingKey 不再使用: 请把密钥存入 Secrets Manager 并填写 settings.signingKeySecret (plain keys are not read)', false);
    }
    const key = settings.signingKeySecret ? await deps.secrets(settings.signingKeySecret) : undefined;
    const fetchImpl = deps.fetch ?? fetch;
    // Through a partner: its codes for our business type, template and signature (core/channels/partner-codes.ts).
    const partner = message.partner;
    const body = JSON.stringify({
      messageId: message.id,
      mobile: message.to,
      content: message.content,
      bizType: partner?.bizType ?? message.bizType,
      requestNo: message.requestNo,
      ...(partner ? { partner: partner.code } : {}),
      ...(partner?.templateCode ? { templateCode: partner.templateCode } : {}),
      ...(partner?.signName ? { signName: partner.signName } : {}),
    });
    let response: Response;
    try {
      response = await fetchImpl(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': message.id,
          ...(key ? { [SIGNATURE_HEADER]: signBody(key, body) } : {}),
        },
        body,
        signal: AbortSignal.timeout(Number(settings.timeoutMs ?? 5000)),
      });
    } catch (error) {
      throw new ProviderError(`HTTP_SMS: ${(error as Error).name}: ${(error as Error).message}`, true);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new ProviderError(`HTTP_SMS: HTTP ${response.status} ${text.slice(0, 200)}`, response.status >= 500 || response.status === 429 || response.status === 408, response.status === 429);
    }
    let id = '';
    try {
      const parsed = JSON.parse(text) as { messageId?: unknown; id?: unknown };
      id = String(parsed.messageId ?? parsed.id ?? '');
    } catch {
      id = '';
    }
    return { providerMessageId: id || `http:${message.id}` };
  },
});
