import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';

export interface RateScheduleProps {
  fn: IFunction;
  rateMinutes: number;
  description: string;
}

/**
 * An EventBridge Scheduler schedule invoking one function every N minutes. L1 on purpose: the L2
 * target grants `<function-arn>:*` too, and this role should name exactly one function.
 */
export class RateSchedule extends Construct {
  constructor(scope: Construct, id: string, props: RateScheduleProps) {
    super(scope, id);
    const { fn, rateMinutes } = props;
    if (!Number.isInteger(rateMinutes) || rateMinutes < 1) throw new Error(`${id}: rateMinutes must be a positive integer`);
    const role = new Role(this, 'Role', {
      description: `EventBridge Scheduler: invoke ${props.description}`,
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    role.addToPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }));
    new CfnSchedule(this, 'Schedule', {
      description: props.description,
      scheduleExpression: `rate(${rateMinutes} ${rateMinutes === 1 ? 'minute' : 'minutes'})`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: fn.functionArn,
        roleArn: role.roleArn,
        // A run older than its interval is superseded by the next one; retry only within it.
        retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: Math.min(86_400, Math.max(60, rateMinutes * 60)) },
      },
    });
  }
}
