import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { Bindings } from '../manifest/types.ts';
import type { StageConfig } from '../stacks/stage.ts';
import type { FindingAllowance } from './nag.ts';

type ServiceBinding = NonNullable<Bindings['services']>[number];

/**
 * What a service binding becomes, as narrow as each service allows:
 * - SES: only the identities given as `-c sesIdentities=…` (domains or addresses); without them any
 *   identity of this account and region (SES itself only sends from verified ones).
 * - SNS mobile push: this account's platform applications and their endpoints in this region.
 * - Push broadcast topics: the stage's `message-platform-<stage>-push-*` topics (and their subscriptions).
 * - SNS SMS: a phone number has no ARN, so the resource stays `*`; the call is limited to the stack's
 *   region (`aws:RequestedRegion`), where the SMS spend limit and origination identities are set.
 */
export const serviceGrant = (scope: Construct, service: ServiceBinding, stage: StageConfig): { statement: PolicyStatement; allowances: FindingAllowance[] } => {
  const stack = Stack.of(scope);
  const arn = (service_: string, resource: string) => stack.formatArn({ service: service_, resource, resourceName: undefined });
  const actions = [...service.actions];
  switch (service.scope) {
    case 'sesIdentities': {
      const identities = stage.options.sesIdentities;
      const resources = identities.length ? identities.map((identity) => arn('ses', `identity/${identity}`)) : [arn('ses', 'identity/*')];
      return {
        statement: new PolicyStatement({ actions, resources }),
        allowances: [
          {
            finding: /^Resource::arn:(<AWS::Partition>|aws[a-z-]*):ses:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):identity\/\*$/,
            reason: 'No sesIdentities context given: any SES identity of this account and region (SES sends only from verified ones). Set -c sesIdentities=example.com to name them.',
          },
        ],
      };
    }
    case 'snsPush':
      return {
        statement: new PolicyStatement({ actions, resources: [arn('sns', 'app/*'), arn('sns', 'endpoint/*')] }),
        allowances: [
          {
            finding: /^Resource::arn:(<AWS::Partition>|aws[a-z-]*):sns:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):(app|endpoint)\/\*$/,
            reason: 'Platform applications are configured by operators (send type settings) and endpoints are created per device token at send time: this account and region only.',
          },
        ],
      };
    case 'pushBroadcastTopics': {
      // Operators configure each device type's topic (contracts BROADCAST_TOPIC): this stage's names only; subscriptions are `<topic>:<id>`.
      const topics = arn('sns', `message-platform-${stage.name}-push-*`);
      return {
        statement: new PolicyStatement({ actions, resources: [topics] }),
        allowances: [
          {
            finding: /^Resource::arn:(<AWS::Partition>|aws[a-z-]*):sns:(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|\d{12}):message-platform-[a-z0-9-]+-push-\*$/,
            reason: "Broadcast topics (pushType ALL) are configured per device type by operators: this stage's message-platform-<stage>-push-* topics of this account and region only.",
          },
        ],
      };
    }
    case 'smsRegion':
      return {
        statement: new PolicyStatement({ actions, resources: ['*'], conditions: { StringEquals: { 'aws:RequestedRegion': stack.region } } }),
        allowances: [{ finding: /^Resource::\*$/, reason: `${service.reason}: a phone number has no ARN; publishing is limited to the stack's region.` }],
      };
    default:
      return { statement: new PolicyStatement({ actions, resources: ['*'] }), allowances: [{ finding: /^Resource::\*$/, reason: service.reason }] };
  }
};
