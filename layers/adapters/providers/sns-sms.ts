import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { ProviderError, type Provider } from '#core/providers';
import { providerErrorOf } from './classify.ts';

/** E.164 for SNS: an 11-digit mainland mobile (1xxxxxxxxxx) gets +86; others must already carry their country code. */
export const toE164 = (mobile: string): string => {
  const trimmed = mobile.replace(/[\s()-]/g, '');
  const digits = trimmed.replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(digits)) throw new ProviderError(`手机号格式错误 (not a phone number): ${mobile}`, false);
  if (trimmed.startsWith('+')) return trimmed;
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^861\d{10}$/.test(digits)) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  return `+${digits}`;
};

/** SMS through Amazon SNS (direct publish to a phone number). */
export const snsSmsProvider = (sns: () => SNSClient): Provider => ({
  async send(message, settings) {
    const PhoneNumber = toE164(message.to);
    try {
      const result = await sns().send(
        new PublishCommand({
          PhoneNumber,
          Message: message.content,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: message.smsType ?? 'Transactional' },
            ...(settings.senderId ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: settings.senderId } } : {}),
          },
        }),
      );
      return { providerMessageId: result.MessageId ?? '' };
    } catch (error) {
      throw providerErrorOf(error, 'SNS SMS');
    }
  },
});
