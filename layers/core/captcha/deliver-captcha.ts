import type { ConfigReader } from '#core/config-port';
import { isProviderError, type Providers } from '#core/providers';
import type { CaptchaRef, CaptchaStore, KeySource } from './captcha-port.ts';
import { unseal } from './code.ts';
import { captchaMessage, failDelivery, markDelivered } from './delivery.ts';

export interface DeliverCaptchaDeps {
  config: ConfigReader;
  store: CaptchaStore;
  key: KeySource;
  providers: Providers;
  now: () => Date;
}

export type DeliverOutcome = 'SENT' | 'SKIPPED' | 'FAILED' | 'EXPIRED';

/**
 * The SMS consumer's `{kind:'captcha'}` branch (seed: 推送MQ, 由队列去消费时调用link服务). SQS delivers at
 * least once, so only an INIT record is sent: a final one is a no-op, never a second SMS. A retryable
 * provider error throws so SQS tries again (then the DLQ); anything else marks the code FAILED.
 */
export const deliverCaptcha = async (deps: DeliverCaptchaDeps, ref: CaptchaRef): Promise<DeliverOutcome> => {
  const record = await deps.store.getRecord(ref);
  if (!record || record.status !== 'INIT') return 'SKIPPED';
  const now = deps.now();
  const at = now.toISOString();
  if (now.getTime() >= Date.parse(record.expiresAtIso)) {
    // A code that expired in the queue is useless to the user: do not send it.
    await deps.store.transition(record, ['INIT'], 'EXPIRED', { dropSealedContent: true }, at);
    await deps.store.clearPointer(record, record.captchaId);
    return 'EXPIRED';
  }
  const sendType = await deps.config.get('sendType', record.sendTypeId);
  const provider = sendType?.enabled ? deps.providers[sendType.provider] : undefined;
  if (!sendType || !provider || !record.sealedContent) {
    await failDelivery(deps.store, record, `send type ${record.sendTypeId} or its provider is not available`, at);
    return 'FAILED';
  }
  const content = unseal(await deps.key(), record.sealedContent, record.captchaId);
  try {
    const sent = await provider.send(captchaMessage(record, content), sendType.settings);
    await markDelivered(deps.store, record, sent.providerMessageId, deps.now().toISOString());
    return 'SENT';
  } catch (error) {
    if (!isProviderError(error) || error.retryable) throw error;
    await failDelivery(deps.store, record, error.message, deps.now().toISOString());
    return 'FAILED';
  }
};
