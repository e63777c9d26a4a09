import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import type { SendScheduler } from '#core/messages/schedule-port';

// The Scheduler client is loaded with the first scheduled send or cancel: most requests are sent at
// once, and the client (with its protocol) was ~20 KB of each cold start of the functions that can
// schedule (docs/ARCHITECTURE.md → Cold starts). A failed load is not kept: the next call tries again.
let sdk: Promise<typeof import('@aws-sdk/client-scheduler')> | undefined;
let client: SchedulerClient | undefined;
const schedulerSdk = async () => {
  sdk ??= import('@aws-sdk/client-scheduler').catch((error: unknown) => {
    sdk = undefined;
    throw error;
  });
  const loaded = await sdk;
  client ??= new loaded.SchedulerClient({ maxAttempts: 3 });
  return { ...loaded, client };
};

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
export const eventBridgeScheduler = (target: SchedulerTarget): SendScheduler => ({
  async scheduleOnce({ name, at, queueUrl, message }) {
    const { client, CreateScheduleCommand, ConflictException } = await schedulerSdk();
    const region = await client.config.region();
    try {
      await client.send(
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
    const { client, DeleteScheduleCommand, ResourceNotFoundException } = await schedulerSdk();
    try {
      await client.send(new DeleteScheduleCommand({ Name: name, GroupName: target.groupName }));
      return true;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    }
  },
});
