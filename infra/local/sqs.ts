import type { Server } from 'node:http';
import { createSqsServer } from 'local-aws-sqs';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { visibilityTimeoutSeconds } from '../manifest/bindings.ts';
import type { Manifest } from '../manifest/types.ts';
import { freePort } from './free-port.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, localCredentials } from './local-aws.ts';

export interface LocalQueue {
  url: string;
  arn: string;
  dlqUrl: string;
  dlqArn: string;
}

export interface LocalSqs {
  endpoint: string;
  client: SQSClient;
  queues: Record<string, LocalQueue>;
  /** Creates a queue outside the manifest (an MQ target a downstream team made), if absent; its URL. */
  createQueue: (name: string) => Promise<string>;
  stop: () => Promise<void>;
}

/** Runs an SQS-compatible endpoint in this process and creates each manifest queue with its DLQ. */
export const startSqs = async (manifest: Manifest, options: { prefix: string }): Promise<LocalSqs> => {
  const port = await freePort();
  const server: Server = await createSqsServer({
    port,
    hostname: '127.0.0.1',
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    emulateQueueCreationLifecycle: false,
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new SQSClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const arnOf = async (url: string) =>
    (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
  const queues: Record<string, LocalQueue> = {};
  for (const [name, spec] of Object.entries(manifest.queues)) {
    const dlq = await client.send(
      new CreateQueueCommand({ QueueName: `${options.prefix}-${name}-dlq`, Attributes: { MessageRetentionPeriod: '1209600' } }),
    );
    const dlqArn = await arnOf(dlq.QueueUrl!);
    const queue = await client.send(
      new CreateQueueCommand({
        QueueName: `${options.prefix}-${name}`,
        Attributes: {
          VisibilityTimeout: String(visibilityTimeoutSeconds(manifest, name)),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: spec.maxReceiveCount }),
        },
      }),
    );
    queues[name] = { url: queue.QueueUrl!, arn: await arnOf(queue.QueueUrl!), dlqUrl: dlq.QueueUrl!, dlqArn };
  }
  const createQueue = async (name: string) => (await client.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  const stop = async () => {
    client.destroy();
    server.closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { endpoint, client, queues, createQueue, stop };
};
