import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest/index.ts';
import { logicalId, resourcesOfType, synth, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

// SPEC §9's resources: the two-way SMS topic into its queue, the callback queue and key, and the
// routes of the inbound gateway callback and the delivery admin.
describe('delivery feedback resources (synth)', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth();
  }, SYNTH_TIMEOUT_MS);

  it('the two-way SMS topic is KMS-encrypted, TLS-only, publishable by End User Messaging SMS and delivers raw into the inboundSms queue', () => {
    const topic = logicalId(s.data.topics.inboundSms!);
    s.templates.data.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    s.templates.data.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      RawMessageDelivery: true,
      TopicArn: { Ref: topic },
      Endpoint: { 'Fn::GetAtt': [logicalId(s.data.queues.inboundSms!.queue), 'Arn'] },
    });
    s.templates.data.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'sms-voice.amazonaws.com' } })]) },
    });
    s.templates.data.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('the callback queue dead-letters after the callback attempt limit', () => {
    const [, queue] = resourcesOfType(s.json.data, 'AWS::SQS::Queue').find(([id]) => id === logicalId(s.data.queues.callbackDelivery!.queue))!;
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(manifest.queues.callbackDelivery.maxReceiveCount);
  });

  it('serves the gateway inbound callback without an authorizer and the delivery admin routes behind it', () => {
    const routes = resourcesOfType(s.json.api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const inbound = routes.find((r) => r.RouteKey === 'POST /api/hcmsg/callbacks/sms/{sendTypeId}/inbound');
    expect(inbound).toBeDefined();
    expect(inbound.AuthorizationType ?? 'NONE').toBe('NONE');
    const lift = routes.find((r) => r.RouteKey === 'POST /api/admin/delivery/suppressions/lift');
    expect(lift?.AuthorizationType).toBe('JWT');
  });
});
