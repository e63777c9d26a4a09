import { CreatePlatformEndpointCommand, DeleteEndpointCommand, PublishCommand, SNSClient, SubscribeCommand, UnsubscribeCommand } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { snsPushEndpoints } from '#adapters/providers/sns-push-endpoints';
import { snsPushProvider } from '#adapters/providers/sns-push';
import { ProviderError, type OutboundMessage } from '#core/providers';
import { FakeConfig } from '../../support/fakes/captcha-deps.ts';

// Per-device routing (an iOS device to the APNs application, an Android one to FCM), the broadcast
// publish to the device type's topic, and a registered device's endpoint and topic subscription.

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const GCM_APP = 'arn:aws:sns:us-east-1:111111111111:app/GCM/demo';
const APNS_APP = 'arn:aws:sns:us-east-1:111111111111:app/APNS/demo';
const ANDROID_TOPIC = 'arn:aws:sns:us-east-1:111111111111:message-platform-dev-push-android';
const config = new FakeConfig()
  .put('deviceType', { code: 'ANDROID', name: 'Android', platform: 'ANDROID', platformApplicationArn: GCM_APP, broadcastTopicArn: ANDROID_TOPIC })
  .put('deviceType', { code: 'IOS', name: 'iOS', platform: 'IOS', platformApplicationArn: APNS_APP });

const push = (overrides: Partial<OutboundMessage>): OutboundMessage => ({ id: 'S1#0', createdAt: '2026-01-01T00:00:00.000Z', channel: 'PUSH', to: 't', title: '标题', content: '您好', ...overrides });
const client = () => new SNSClient({ region: 'us-east-1' });

describe('SNS push per device and by broadcast', () => {
  it("sends each device through its own device type's platform application", async () => {
    sns.on(CreatePlatformEndpointCommand).callsFake((input: { PlatformApplicationArn: string; Token: string }) => ({ EndpointArn: `${input.PlatformApplicationArn}/${input.Token}` }));
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const provider = snsPushProvider(client, config);
    await provider.send(push({ id: 'S1#0', to: 'android-token', deviceTypeCode: 'ANDROID' }), {});
    await provider.send(push({ id: 'S1#1', to: 'ios-token', deviceTypeCode: 'IOS' }), {});
    expect(sns.commandCalls(CreatePlatformEndpointCommand).map((c) => c.args[0].input)).toEqual([
      { PlatformApplicationArn: GCM_APP, Token: 'android-token' },
      { PlatformApplicationArn: APNS_APP, Token: 'ios-token' },
    ]);
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input.TargetArn)).toEqual([`${GCM_APP}/android-token`, `${APNS_APP}/ios-token`]);
  });

  it("publishes a broadcast once to the device type's topic, and refuses a type without one as final", async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'b-1' });
    const provider = snsPushProvider(client, config);
    expect(await provider.send(push({ to: 'broadcast:ANDROID', deviceTypeCode: 'ANDROID', broadcast: true }), {})).toEqual({ providerMessageId: 'b-1' });
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toMatchObject({ TopicArn: ANDROID_TOPIC, MessageStructure: 'json' });
    expect(sns.commandCalls(CreatePlatformEndpointCommand)).toHaveLength(0);
    const error = await provider.send(push({ to: 'broadcast:IOS', deviceTypeCode: 'IOS', broadcast: true }), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as ProviderError).retryable).toBe(false);
  });
});

describe('a registered device on SNS', () => {
  it("becomes an endpoint of its platform application subscribed to its type's topic, and is removed from both", async () => {
    sns.on(CreatePlatformEndpointCommand).resolves({ EndpointArn: 'arn:endpoint/1' });
    sns.on(SubscribeCommand).resolves({ SubscriptionArn: `${ANDROID_TOPIC}:sub-1` });
    const endpoints = snsPushEndpoints(client);
    const android = (await config.get('deviceType', 'ANDROID'))!;
    const attached = await endpoints.attach(android, 'token-1');
    expect(attached).toEqual({ endpointArn: 'arn:endpoint/1', subscriptionArn: `${ANDROID_TOPIC}:sub-1` });
    expect(sns.commandCalls(SubscribeCommand)[0]!.args[0].input).toMatchObject({ TopicArn: ANDROID_TOPIC, Protocol: 'application', Endpoint: 'arn:endpoint/1' });

    sns.on(UnsubscribeCommand).resolves({});
    sns.on(DeleteEndpointCommand).rejects(Object.assign(new Error('gone'), { name: 'NotFound' }));
    await endpoints.detach(attached);
    expect(sns.commandCalls(UnsubscribeCommand)[0]!.args[0].input).toEqual({ SubscriptionArn: `${ANDROID_TOPIC}:sub-1` });
    expect(sns.commandCalls(DeleteEndpointCommand)[0]!.args[0].input).toEqual({ EndpointArn: 'arn:endpoint/1' });
  });

  it('has no SNS side for a device type without a platform application (the OUTBOX)', async () => {
    expect(await snsPushEndpoints(client).attach({ code: 'X', name: 'x', platform: 'ANDROID' }, 'token')).toEqual({});
    expect(sns.calls()).toHaveLength(0);
  });
});
