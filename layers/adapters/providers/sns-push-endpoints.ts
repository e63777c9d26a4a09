import { CreatePlatformEndpointCommand, DeleteEndpointCommand, SubscribeCommand, UnsubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { PushEndpoints } from '#core/devices/device-port';

const gone = (error: unknown) => ['NotFound', 'NotFoundException'].includes((error as Error).name);

/**
 * A registered device on SNS mobile push: the token becomes an endpoint of its device type's platform
 * application (APNs or FCM) and, when the type has a broadcast topic, subscribes to it. A device type
 * without a platform application (the OUTBOX) has neither: the OUTBOX records a broadcast as one entry.
 */
export const snsPushEndpoints = (sns: () => SNSClient): PushEndpoints => ({
  async attach(deviceType, deviceNo) {
    if (!deviceType.platformApplicationArn) return {};
    // Idempotent for the same token and attributes: the existing endpoint comes back.
    const { EndpointArn } = await sns().send(new CreatePlatformEndpointCommand({ PlatformApplicationArn: deviceType.platformApplicationArn, Token: deviceNo }));
    if (!deviceType.broadcastTopicArn) return { endpointArn: EndpointArn };
    // Subscribing the same endpoint again returns the existing subscription.
    const { SubscriptionArn } = await sns().send(new SubscribeCommand({ TopicArn: deviceType.broadcastTopicArn, Protocol: 'application', Endpoint: EndpointArn, ReturnSubscriptionArn: true }));
    return { endpointArn: EndpointArn, subscriptionArn: SubscriptionArn };
  },

  async detach(device) {
    // SNS keeps a deleted endpoint's topic subscriptions: unsubscribe first. Both are gone-is-fine.
    try {
      if (device.subscriptionArn) await sns().send(new UnsubscribeCommand({ SubscriptionArn: device.subscriptionArn }));
    } catch (error) {
      if (!gone(error)) throw error;
    }
    try {
      if (device.endpointArn) await sns().send(new DeleteEndpointCommand({ EndpointArn: device.endpointArn }));
    } catch (error) {
      if (!gone(error)) throw error;
    }
  },
});
