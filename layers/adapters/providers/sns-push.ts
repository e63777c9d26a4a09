import { CreatePlatformEndpointCommand, PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { ConfigReader } from '#core/config-port';
import { pushPayload } from '#core/channels/push-payload';
import { ProviderError, type Provider } from '#core/providers';
import { providerErrorOf } from './classify.ts';

const FINAL_PUSH = new Set(['EndpointDisabled', 'EndpointDisabledException', 'PlatformApplicationDisabled', 'PlatformApplicationDisabledException', 'InvalidParameter', 'InvalidParameterException', 'NotFound', 'NotFoundException']);

/**
 * App push through SNS mobile push: the device token becomes a platform endpoint of its device
 * type's platform application (per recipient: an iOS device to APNs, an Android one to FCM; cached
 * per container), then the message is published to it. A broadcast is one publish to the type's topic.
 */
export const snsPushProvider = (sns: () => SNSClient, config: ConfigReader): Provider => {
  const endpoints = new Map<string, string>();
  const endpointOf = async (applicationArn: string, token: string): Promise<string> => {
    const key = `${applicationArn}|${token}`;
    const cached = endpoints.get(key);
    if (cached) return cached;
    // CreatePlatformEndpoint is idempotent for the same token and attributes: it returns the existing endpoint.
    const { EndpointArn } = await sns().send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: applicationArn, Token: token }));
    endpoints.set(key, EndpointArn!);
    return EndpointArn!;
  };
  return {
    async send(message, settings) {
      // The recipient's own device type (a registered device), else the dispatch method's.
      const deviceType = message.deviceTypeCode ? await config.get('deviceType', message.deviceTypeCode) : undefined;
      if (message.broadcast) {
        // pushType ALL: every device of the type is subscribed to its topic (register-device), so one publish reaches them all.
        if (!deviceType?.broadcastTopicArn) throw new ProviderError(`PUSH: 设备类型 ${message.deviceTypeCode ?? '-'} 未配置 broadcastTopicArn (no broadcast topic)`, false);
        try {
          const result = await sns().send(new PublishCommand({ TopicArn: deviceType.broadcastTopicArn, MessageStructure: 'json', Message: pushPayload(message) }));
          return { providerMessageId: result.MessageId ?? '' };
        } catch (error) {
          if (FINAL_PUSH.has((error as Error).name)) throw new ProviderError(`PUSH: ${(error as Error).name}: ${(error as Error).message}`, false);
          throw providerErrorOf(error, 'PUSH');
        }
      }
      const applicationArn = deviceType?.platformApplicationArn ?? settings.platformApplicationArn;
      if (!applicationArn) throw new ProviderError(`PUSH: 设备类型 ${message.deviceTypeCode ?? '-'} 未配置 platformApplicationArn`, false);
      let endpoint: string | undefined;
      try {
        endpoint = await endpointOf(applicationArn, message.to);
        const result = await sns().send(new PublishCommand({ TargetArn: endpoint, MessageStructure: 'json', Message: pushPayload(message) }));
        return { providerMessageId: result.MessageId ?? '' };
      } catch (error) {
        if (FINAL_PUSH.has((error as Error).name)) {
          if (endpoint) endpoints.delete(`${applicationArn}|${message.to}`);
          throw new ProviderError(`PUSH: ${(error as Error).name}: ${(error as Error).message}`, false);
        }
        throw providerErrorOf(error, 'PUSH');
      }
    },
  };
};
