// The shape of the manifest: plain data that both the CDK stacks and the local runner read.

export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey?: string;
  /**
   * Project only the keys: writing an item into the index then costs one unit, and later changes to
   * the item cost nothing there unless a key changes. Readers fetch the items from the table.
   */
  keysOnly?: boolean;
}

export interface TableSpec {
  partitionKey: string;
  sortKey: string;
  indexes: IndexSpec[];
  /** Epoch-seconds attribute DynamoDB TTL cleans up by; expiry is always checked in code too. */
  ttlAttribute?: string;
}

export interface QueueSpec {
  /** Receives before SQS moves a message to the queue's DLQ. */
  maxReceiveCount: number;
  /** Only for queues without a consumer; consumer queues derive it from the consumer's timeout. */
  visibilityTimeoutSeconds?: number;
}

export interface HttpTrigger {
  type: 'http';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'ANY';
  /** API Gateway HTTP API route path, e.g. /api/hcmsg/requests/{requestNo}; `$default` catches the rest. */
  path: string;
  /** apiKey: x-api-key checked by the function; admin: Cognito JWT authorizer (the runner plays it locally). */
  auth: 'none' | 'apiKey' | 'admin';
}

export interface QueueTrigger {
  type: 'queue';
  queue: string;
  batchSize: number;
  /** Lambda's maximum concurrency for this event source (2–1000), so bulk lanes cannot starve green ones. */
  maxConcurrency: number;
}

export interface ScheduleTrigger {
  type: 'schedule';
  rateMinutes: number;
}

export type Trigger = HttpTrigger | QueueTrigger | ScheduleTrigger;

/**
 * sesIdentities: the stage's configured SES identities; snsPush: this account's platform apps and endpoints;
 * pushBroadcastTopics: the stage's broadcast topics (named message-platform-<stage>-push-…, contracts BROADCAST_TOPIC);
 * smsRegion: SMS publish in the stack's region only.
 */
export type ServiceScope = 'sesIdentities' | 'snsPush' | 'pushBroadcastTopics' | 'smsRegion';

export type TableAccess = 'read' | 'readWrite';

export interface Bindings {
  tables?: Partial<Record<string, TableAccess>>;
  /** Queues the function sends to. Consuming a trigger queue is granted by the trigger itself. */
  queues?: readonly string[];
  /** Queues whose messages the function may read, move and delete (DLQ replay). */
  queueAdmin?: readonly string[];
  buckets?: Partial<Record<string, 'read' | 'readWrite'>>;
  secrets?: readonly string[];
  /**
   * Read provider secrets (HTTP_SMS signing keys…) that operators create under the stage's prefix
   * `message-platform/<stage>/providers/`: env PROVIDER_SECRET_PREFIX, GetSecretValue on that prefix only.
   */
  providerSecrets?: boolean;
  /**
   * Resources the function only checks it can reach (health): one GetItem on a table, queue
   * attributes on a queue. Sets the same env keys as `tables` and `queues`, with no other access.
   */
  probes?: { tables?: readonly string[]; queues?: readonly string[] };
  /**
   * Send to MQ target queues (contracts/mq-targets.ts): any queue of the account and region whose name
   * starts with MQ_TARGET_QUEUE_PREFIX, found by name at send time — sqs:GetQueueUrl and
   * sqs:SendMessage on arn:…:sqs:<region>:<account>:<prefix>* only; no env key (the prefix is a constant).
   */
  mqTargets?: boolean;
  /**
   * One-time schedules (scheduled sends): env SCHEDULER_GROUP_NAME and SCHEDULER_ROLE_ARN; create and
   * delete schedules in the stage's schedule group only, and pass the role Scheduler assumes to send
   * to the request queues.
   */
  scheduler?: boolean;
  /**
   * AWS service actions on resources we do not own (SNS SMS, SES); each needs a reason. `scope` narrows
   * them as far as the service allows (infra/constructs/service-grants.ts); without it, resource `*`.
   */
  services?: readonly { actions: readonly string[]; reason: string; scope?: ServiceScope }[];
}

export interface FunctionSpec {
  /** Path of the handler module, relative to the repository root. */
  entry: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: readonly Trigger[];
  /** Also the function's environment: its type (runtime/env.ts) and the keys the stack sets. */
  bindings: Bindings;
}

/** An SNS topic an AWS service publishes to, delivered raw into one of our queues (durable, with its DLQ). */
export interface TopicSpec {
  purpose: string;
  deliverTo: string;
  /** The service principal allowed to publish (the topic policy). */
  publisherService: string;
}

export interface BucketSpec {
  purpose: string;
  /** Objects are deleted this many days after upload (S3 lifecycle). */
  expireDays?: number;
  /** Browsers PUT and GET objects by presigned URL: the bucket answers CORS for those two. */
  browserUpload?: boolean;
}

export interface Manifest {
  tables: Record<string, TableSpec>;
  queues: Record<string, QueueSpec>;
  topics?: Record<string, TopicSpec>;
  buckets: Record<string, BucketSpec>;
  secrets: Record<string, { purpose: string }>;
  functions: Record<string, FunctionSpec>;
}
