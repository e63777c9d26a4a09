import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { isMqTargetQueue, mqTargetRefusal } from '#contracts/mq-targets';
import { mqPayloadOf } from '#core/channels/mq-payload';
import { isProviderError, ProviderError, type Provider } from '#core/providers';
import { providerErrorOf } from './classify.ts';

/** How long a resolved target queue URL is reused (a queue deleted and re-created keeps its URL). */
const URL_TTL_MS = 5 * 60_000;

/**
 * MQ: the versioned payload (contracts/mq-payload.ts: recipient, bizId, bizContent, ids) as JSON to the
 * queue settings.queue names: a manifest queue this function is bound to (mqOutbound), or any queue of
 * the account named by the convention (contracts/mq-targets.ts), found by name — the function's IAM
 * grant covers exactly those. Any other name, or a target that does not exist, is a configuration
 * error: UNSENDABLE with the reason, not worth retrying.
 */
export const sqsMqProvider = (sqs: () => Promise<SQSClient>, queueUrls: Record<string, string>, now: () => number = Date.now): Provider => {
  const targets = new Map<string, { url: string; at: number }>();
  const targetUrl = async (name: string): Promise<string> => {
    const cached = targets.get(name);
    if (cached && now() - cached.at < URL_TTL_MS) return cached.url;
    try {
      const { QueueUrl } = await (await sqs()).send(new GetQueueUrlCommand({ QueueName: name }));
      if (!QueueUrl) throw new ProviderError(`MQ: 目标队列 ${name} 没有地址 (no queue URL)`, true);
      targets.set(name, { url: QueueUrl, at: now() });
      return QueueUrl;
    } catch (error) {
      const code = (error as { name?: string }).name ?? '';
      if (/QueueDoesNotExist|NonExistentQueue/.test(code)) {
        throw new ProviderError(`MQ: 目标队列 ${name} 在本账号和区域中不存在 (queue ${name} does not exist in this account and region)`, false);
      }
      throw isProviderError(error) ? error : providerErrorOf(error, 'MQ');
    }
  };
  const urlOf = async (name: string): Promise<string> => {
    const bound = queueUrls[name];
    if (bound) return bound;
    if (isMqTargetQueue(name)) return targetUrl(name);
    throw new ProviderError(`MQ: ${mqTargetRefusal(name) ?? `未绑定的队列 ${name} (queue not bound)`}`, false);
  };
  return {
    async send(message, settings) {
      const url = await urlOf(settings.queue ?? message.to);
      const body = mqPayloadOf(message);
      try {
        const result = await (await sqs()).send(new SendMessageCommand({ QueueUrl: url, MessageBody: JSON.stringify(body) }));
        return { providerMessageId: result.MessageId ?? '' };
      } catch (error) {
        throw providerErrorOf(error, 'MQ');
      }
    },
  };
};
