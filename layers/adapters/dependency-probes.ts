import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Dependency, Probe } from '#core/health/check-health';

// Health probes: one cheap call per dependency, with its own client (one attempt, short timeouts)
// so a dependency that is down answers the probe in time instead of after the SDK's retries.

/** Inside the health function's 5 s timeout, with both probes in parallel (and room for a busy laptop). */
const PROBE_TIMEOUT_MS = 3000;

const quick = { maxAttempts: 1, requestHandler: { connectionTimeout: PROBE_TIMEOUT_MS, requestTimeout: PROBE_TIMEOUT_MS } };

export const dependencyProbes = (targets: { table: string; queueUrl: string }): Record<Dependency, Probe> => {
  const dynamo = new DynamoDBClient(quick);
  const sqs = new SQSClient(quick);
  const deadline = () => ({ abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
  return {
    // A key no item has: a read that costs the least and returns nothing.
    dynamodb: async () => {
      await dynamo.send(new GetItemCommand({ TableName: targets.table, Key: { pk: { S: 'HEALTH' }, sk: { S: 'HEALTH' } } }), deadline());
    },
    sqs: async () => {
      await sqs.send(new GetQueueAttributesCommand({ QueueUrl: targets.queueUrl, AttributeNames: ['QueueArn'] }), deadline());
    },
  };
};
