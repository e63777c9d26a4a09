import { ConflictException, CreateScheduleCommand, DeleteScheduleCommand, ResourceNotFoundException, SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SendScheduler } from '#core/messages/schedule-port';

/** Where one-time schedules live and the role EventBridge Scheduler assumes to send to the request queues. */
export interface SchedulerTarget {
  groupName: string;
  roleArn: string;
}

/** arn:aws:sqs:<region>:<account>:<name> from the queue's URL (https://sqs.<region>.amazonaws.com/<account>/<name>). */
export const queueArnOf = (queueUrl: string, region: string): string => {
  const [account, name] = new URL(queueUrl).pathname.split('/').filter(Boolean);
  return `arn:aws:sqs:${region}:${account}:${name}`;
};

/** at(yyyy-mm-ddThh:mm:ss) in UTC, whole seconds rounded up so the schedule never fires early. */
const atExpression = (at: Date): string => `at(${new Date(Math.ceil(at.getTime() / 1000) * 1000).toISOString().slice(0, 19)})`;

/**
 * One-time EventBridge Scheduler schedules whose target is an SQS queue: at the time, Scheduler
 * sends the message itself (no Lambda in between) and deletes the schedule (ActionAfterCompletion).
 */
export const eventBridgeScheduler = (client: () => SchedulerClient, target: SchedulerTarget): SendScheduler => ({
  async scheduleOnce({ name, at, queueUrl, message }) {
    const region = await client().config.region();
    try {
      await client().send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: target.groupName,
          ScheduleExpression: atExpression(at),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: { Arn: queueArnOf(queueUrl, region), RoleArn: target.roleArn, Input: JSON.stringify(message) },
        }),
      );
    } catch (error) {
      // The same request scheduled again (a retried intake): the first schedule stands.
      if (!(error instanceof ConflictException)) throw error;
    }
  },
  async cancel(name) {
    try {
      await client().send(new DeleteScheduleCommand({ Name: name, GroupName: target.groupName }));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  },
});

let scheduler: SchedulerClient | undefined;
export const schedulerClient = (): SchedulerClient => (scheduler ??= new SchedulerClient({ maxAttempts: 3 }));
