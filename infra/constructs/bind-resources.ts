import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Bindings } from '../manifest/types.ts';
import type { DataStack } from '../stacks/data-stack.ts';

/**
 * Grants exactly what a function's bindings name, through the L2 grant methods (least privilege,
 * no hand-written IAM for our own resources). `services` bindings are handled by the caller.
 */
export const grantBindings = (grantee: IGrantable, bindings: Bindings, data: DataStack): void => {
  const get = <T>(kind: string, items: Record<string, T>, name: string): T => {
    const item = items[name];
    if (!item) throw new Error(`Binding refers to unknown ${kind} "${name}"`);
    return item;
  };
  for (const [name, access] of Object.entries(bindings.tables ?? {})) {
    const table = get('table', data.tables, name);
    if (access === 'readWrite') table.grantReadWriteData(grantee);
    else table.grantReadData(grantee);
  }
  for (const name of bindings.queues ?? []) get('queue', data.queues, name).queue.grantSendMessages(grantee);
  for (const name of bindings.queueAdmin ?? []) {
    // DLQ replay: read and delete from the DLQ, send back to the source queue.
    const pair = get('queue', data.queues, name);
    pair.queue.grantSendMessages(grantee);
    pair.dlq.grantConsumeMessages(grantee);
  }
  for (const [name, access] of Object.entries(bindings.buckets ?? {})) {
    const bucket = get('bucket', data.buckets, name);
    if (access === 'readWrite') bucket.grantReadWrite(grantee);
    else bucket.grantRead(grantee);
  }
  for (const name of bindings.secrets ?? []) get('secret', data.secrets, name).grantRead(grantee);
  // Reachability checks read nothing a caller could use: a key that never exists, queue attributes.
  for (const name of bindings.probes?.tables ?? []) get('table', data.tables, name).grant(grantee, 'dynamodb:GetItem');
  for (const name of bindings.probes?.queues ?? []) get('queue', data.queues, name).queue.grant(grantee, 'sqs:GetQueueAttributes');
};
