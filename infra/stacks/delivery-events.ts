import { Aws, CfnOutput, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, LogGroup, SubscriptionFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { LambdaDestination } from 'aws-cdk-lib/aws-logs-destinations';
import { ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { BASIC_EXECUTION_ROLE, acknowledge, acknowledgeManagedPolicies, acknowledgeWildcards } from '../constructs/nag.ts';

/** The construct id CDK gives AwsCustomResource's singleton provider function. */
const AWS_SDK_PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';
import type { StageConfig } from './stage.ts';

export interface DeliveryEventsProps {
  stage: StageConfig;
  /** statusReports: every source's reports end here (docs/ARCHITECTURE.md → Delivery truth). */
  statusReports: IQueue;
}

/**
 * Where providers tell us what became of a message:
 * - SES: a configuration set whose event destination (delivery, bounce, complaint, reject) is an
 *   SNS topic subscribed to statusReports (raw delivery). SES send types name it in settings.configurationSet.
 * - SNS mobile push: the same topic, set by operators as their platform applications'
 *   EventDeliveryFailure attribute (the applications are theirs, not this stack's).
 * - SNS SMS: delivery-status logging (an account setting) into CloudWatch Logs, whose log groups
 *   are subscribed to receiveSmsDeliveryLogs. SNS writes those groups by their fixed names.
 */
export class DeliveryEvents extends Construct {
  readonly configurationSetName: string;
  /** SNS's SMS delivery-status log groups: the API stack subscribes receiveSmsDeliveryLogs to them. */
  readonly smsLogGroups: ILogGroup[] = [];

  constructor(scope: Construct, id: string, props: DeliveryEventsProps) {
    super(scope, id);
    const key = new Key(this, 'EventsKey', { enableKeyRotation: true, description: 'SES and SNS push delivery events (addresses inside)', removalPolicy: props.stage.removalPolicy });
    // SES and SNS (platform application events) publish to the encrypted topic: they need the key.
    for (const service of ['ses.amazonaws.com', 'sns.amazonaws.com']) {
      key.addToResourcePolicy(
        new PolicyStatement({ effect: Effect.ALLOW, principals: [new ServicePrincipal(service)], actions: ['kms:GenerateDataKey*', 'kms:Decrypt'], resources: ['*'], conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } } }),
      );
    }
    const topic = new Topic(this, 'DeliveryEventsTopic', { masterKey: key, enforceSSL: true });
    topic.addSubscription(new SqsSubscription(props.statusReports, { rawMessageDelivery: true }));

    const configurationSet = new ConfigurationSet(this, 'EmailEvents', {});
    configurationSet.addEventDestination('ToStatusReports', {
      destination: EventDestination.snsTopic(topic),
      events: [EmailSendingEvent.DELIVERY, EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT],
    });
    this.configurationSetName = configurationSet.configurationSetName;

    const region = Stack.of(this).region;
    const account = Stack.of(this).account;
    const logRole = new Role(this, 'SmsDeliveryStatusRole', { assumedBy: new ServicePrincipal('sns.amazonaws.com'), description: 'SNS writes SMS delivery-status logs' });
    for (const [suffix, groupId] of [['DirectPublishToPhoneNumber', 'SmsDeliveredLogs'], ['DirectPublishToPhoneNumber/Failure', 'SmsFailedLogs']] as const) {
      const group = new LogGroup(this, groupId, { logGroupName: `sns/${region}/${account}/${suffix}`, retention: props.stage.logRetention, removalPolicy: props.stage.removalPolicy });
      group.grantWrite(logRole);
      this.smsLogGroups.push(group);
    }
    const smsAttributes = {
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes: { DeliveryStatusIAMRole: logRole.roleArn, DeliveryStatusSuccessSamplingRate: '100' } },
      physicalResourceId: PhysicalResourceId.of(`sms-delivery-status-${props.stage.name}`),
    };
    const setting = new AwsCustomResource(this, 'SmsDeliveryStatusLogging', {
      onCreate: smsAttributes,
      onUpdate: smsAttributes,
      policy: AwsCustomResourcePolicy.fromStatements([
        new PolicyStatement({ actions: ['sns:SetSMSAttributes'], resources: ['*'] }),
        new PolicyStatement({ actions: ['iam:PassRole'], resources: [logRole.roleArn] }),
      ]),
      installLatestAwsSdk: false,
    });
    acknowledgeWildcards(setting.node.findChild('CustomResourcePolicy'), [
      { finding: /^Resource::\*$/, reason: 'sns:SetSMSAttributes is an account-level SNS setting with no resource to scope it to.' },
    ]);
    // The custom resource's singleton provider function (one per stack) only writes its own logs.
    const provider = Stack.of(this).node.tryFindChild(AWS_SDK_PROVIDER_ID);
    if (provider) acknowledgeManagedPolicies(provider.node.findChild('ServiceRole'), [{ finding: BASIC_EXECUTION_ROLE, reason: 'The AwsCustomResource provider only writes its own logs.' }]);
    acknowledge(logRole, { id: 'AwsSolutions-IAM5', reason: 'SNS creates the log streams of its fixed-name SMS delivery log groups; the grant is scoped to those two groups.' });

    new CfnOutput(Stack.of(this), 'EmailEventsConfigurationSet', { value: this.configurationSetName, description: 'settings.configurationSet of SES send types' });
    new CfnOutput(Stack.of(this), 'DeliveryEventsTopicArn', { value: topic.topicArn, description: 'EventDeliveryFailure attribute of SNS push platform applications' });
  }
}

/** receiveSmsDeliveryLogs on each SMS delivery-status log group (in the stack of the function). */
export const subscribeSmsLogs = (scope: Construct, groups: ILogGroup[], receiver: IFunction): void => {
  groups.forEach((logGroup, i) => new SubscriptionFilter(scope, `SmsDeliveryLogs${i}ToReports`, { logGroup, destination: new LambdaDestination(receiver), filterPattern: FilterPattern.allEvents() }));
};
