import { Stack, type IAspect } from 'aws-cdk-lib';
import { CfnAlarm, CfnCompositeAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct, type IConstruct } from 'constructs';
import type { StageConfig } from '../stacks/stage.ts';
import { acknowledge } from './nag.ts';

/** Where every alarm of the stage goes: one SNS topic, with the e-mail subscriptions of `-c alarmEmails=…`. */
export class AlarmTopic extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, stage: StageConfig) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: `Message platform alarms (${stage.name})`, enforceSSL: true });
    for (const email of stage.options.alarmEmails) this.topic.addSubscription(new EmailSubscription(email));
    acknowledge(this.topic, {
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and states, no customer data. CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key would be the stack\'s only fixed monthly cost.',
    });
  }
}

/**
 * Sends every alarm in the app to the topic, whoever defines it (DLQs and functions from the manifest,
 * the API, providers, alarms added later): an alarm with no actions is one nobody hears of.
 */
export class NotifyOnAlarm implements IAspect {
  constructor(private readonly topic: Topic) {}

  visit(node: IConstruct): void {
    if (node instanceof CfnAlarm || node instanceof CfnCompositeAlarm) {
      // L2 alarms render their actions lazily: resolve to see whether any were given.
      const given = Stack.of(node).resolve(node.alarmActions) as unknown[] | undefined;
      if (given?.length) return;
      node.alarmActions = [this.topic.topicArn];
      node.okActions = [this.topic.topicArn];
    }
  }
}
