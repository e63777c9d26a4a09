import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { mqPayloadOf } from '#core/channels/mq-payload';
import { ProviderError, type Provider } from '#core/providers';
import { providerErrorOf } from './classify.ts';

/**
 * MQ: the versioned payload (contracts/mq-payload.ts: recipient, bizId, bizContent, ids) as JSON to the queue settings.queue names (a manifest queue this function is bound
 * to, e.g. mqOutbound). A name without a URL is a configuration error, not worth retrying.
 */
export const sqsMqProvider = (sqs: () => SQSClient, queueUrls: Record<string, string>): Provider => ({
  async send(message, settings) {
    const name = settings.queue ?? message.to;
    const url = queueUrls[name];
    if (!url) throw new ProviderError(`MQ: 未配置的队列 ${name} (unknown queue)`, false);
    const body = mqPayloadOf(message);
    try {
      const result = await sqs().send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(body) }));
      return { providerMessageId: result.MessageId ?? '' };
    } catch (error) {
      throw providerErrorOf(error, 'MQ');
    }
  },
});
