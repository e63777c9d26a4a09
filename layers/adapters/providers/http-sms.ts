import { createHmac } from 'node:crypto';
import { ProviderError, type Provider } from '#core/providers';

/** Header carrying hex HMAC-SHA256 of the exact body bytes, so the gateway can verify the sender. */
export const SIGNATURE_HEADER = 'x-signature';

export const signBody = (key: string, body: string): string => createHmac('sha256', key).update(body, 'utf8').digest('hex');

/**
 * An external SMS platform over HTTP (the seed's "linker"): POSTs JSON to settings.url, signed with
 * settings.signingKey. 5xx, 429, timeouts and network errors are retried; any other 4xx is final.
 * The message id travels as an idempotency key so a retried call is not delivered twice.
 */
export const httpSmsProvider = (fetchImpl: typeof fetch = fetch): Provider => ({
  async send(message, settings) {
    if (!settings.url) throw new ProviderError('HTTP_SMS: 派发方式缺少 url 设置 (settings.url missing)', false);
    const body = JSON.stringify({ messageId: message.id, mobile: message.to, content: message.content, bizType: message.bizType, requestNo: message.requestNo });
    let response: Response;
    try {
      response = await fetchImpl(settings.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': message.id,
          ...(settings.signingKey ? { [SIGNATURE_HEADER]: signBody(settings.signingKey, body) } : {}),
        },
        body,
        signal: AbortSignal.timeout(Number(settings.timeoutMs ?? 5000)),
      });
    } catch (error) {
      throw new ProviderError(`HTTP_SMS: ${(error as Error).name}: ${(error as Error).message}`, true);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new ProviderError(`HTTP_SMS: HTTP ${response.status} ${text.slice(0, 200)}`, response.status >= 500 || response.status === 429 || response.status === 408);
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
