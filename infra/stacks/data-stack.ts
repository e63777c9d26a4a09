import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { HttpMethods, type Bucket } from 'aws-cdk-lib/aws-s3';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { visibilityTimeoutSeconds, type Resolved } from '../manifest/bindings.ts';
import type { Manifest, TableSpec } from '../manifest/types.ts';
import { AlarmTopic } from '../constructs/alarm-topic.ts';
import { acknowledge } from '../constructs/nag.ts';
import { QueueWithDlq } from '../constructs/queue-with-dlq.ts';
import { DeliveryEvents } from './delivery-events.ts';
import { accessLogsBucket, secureBucket } from '../constructs/secure-bucket.ts';
import { pascal, type StageConfig } from './stage.ts';

export interface DataStackProps extends StackProps {
  stage: StageConfig;
  manifest: Manifest;
}

const key = (name: string) => ({ name, type: AttributeType.STRING });

/** The manifest's tables, queues (each with a DLQ), buckets and secrets. No physical names. */
export class DataStack extends Stack {
  readonly tables: Record<string, TableV2> = {};
  readonly queues: Record<string, QueueWithDlq> = {};
  deliveryEvents?: DeliveryEvents;
  readonly buckets: Record<string, Bucket> = {};
  readonly secrets: Record<string, Secret> = {};
  readonly topics: Record<string, Topic> = {};
  /** One-time schedules of scheduled sends, and the role EventBridge Scheduler assumes to put their messages on the request queues. */
  readonly scheduleGroup: CfnScheduleGroup;
  readonly schedulerRole: Role;
  /** Every alarm of the stage notifies this topic (infra/constructs/alarm-topic.ts). */
  readonly alarms: AlarmTopic;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { stage, manifest } = props;
    this.alarms = new AlarmTopic(this, 'Alarms', stage);

    for (const [name, spec] of Object.entries(manifest.tables)) this.tables[name] = this.table(name, spec, stage);

    for (const [name, spec] of Object.entries(manifest.queues)) {
      const pair = new QueueWithDlq(this, `${pascal(name)}Queue`, {
        maxReceiveCount: spec.maxReceiveCount,
        visibilityTimeoutSeconds: visibilityTimeoutSeconds(manifest, name),
        removalPolicy: stage.removalPolicy,
      });
      // Anything in a DLQ is a message the platform failed to deliver: page on the first one.
      new Alarm(this, `${pascal(name)}DlqAlarm`, {
        alarmDescription: `Messages are dead-lettered from the ${name} queue`,
        metric: pair.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      this.queues[name] = pair;
    }

    for (const [name, spec] of Object.entries(manifest.topics ?? {})) {
      // A customer key: the publishing AWS service must be allowed to use it (an AWS-managed key cannot be shared).
      const key = new Key(this, `${pascal(name)}TopicKey`, { enableKeyRotation: true, description: spec.purpose, removalPolicy: stage.removalPolicy });
      const publisher = new ServicePrincipal(spec.publisherService);
      key.grant(publisher, 'kms:GenerateDataKey*', 'kms:Decrypt');
      const topic = new Topic(this, `${pascal(name)}Topic`, { masterKey: key, enforceSSL: true });
      topic.grantPublish(publisher);
      const target = this.queues[spec.deliverTo];
      if (!target) throw new Error(`Topic ${name} delivers to unknown queue "${spec.deliverTo}"`);
      // Raw: the queue message is the service's own payload, what the consumer's schema parses.
      topic.addSubscription(new SqsSubscription(target.queue, { rawMessageDelivery: true }));
      this.topics[name] = topic;
    }
    this.scheduleGroup = new CfnScheduleGroup(this, 'SendScheduleGroup', {});
    this.schedulerRole = new Role(this, 'SendSchedulerRole', {
      description: 'EventBridge Scheduler: puts scheduled requests on the request queues at their sendAt',
      // Only this account's schedules may use it (confused deputy).
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
    });
    for (const queue of ['requestGeneral', 'requestGreen']) this.queues[queue]?.queue.grantSendMessages(this.schedulerRole);
    // Providers' delivery events into statusReports (when the manifest has it: fixture manifests may not).
    if (this.queues.statusReports) this.deliveryEvents = new DeliveryEvents(this, 'DeliveryEvents', { stage, statusReports: this.queues.statusReports.queue });

    const bucketNames = Object.keys(manifest.buckets);
    if (bucketNames.length > 0) {
      const logs = accessLogsBucket(this, 'AccessLogsBucket', stage);
      for (const name of bucketNames) {
        const spec = manifest.buckets[name]!;
        this.buckets[name] = secureBucket(this, `${pascal(name)}Bucket`, stage, logs, {
          versioned: true,
          ...(spec.expireDays
            ? { lifecycleRules: [{ expiration: Duration.days(spec.expireDays), noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }] }
            : {}),
          // Presigned URLs carry the authority; CORS only lets a browser page use them.
          ...(spec.browserUpload
            ? { cors: [{ allowedMethods: [HttpMethods.PUT, HttpMethods.GET], allowedOrigins: ['*'], allowedHeaders: ['*'], exposedHeaders: ['ETag'], maxAge: 3000 }] }
            : {}),
        });
      }
    }

    for (const [name, spec] of Object.entries(manifest.secrets)) {
      const secret = new Secret(this, `${pascal(name)}Secret`, {
        description: spec.purpose,
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: stage.removalPolicy,
      });
      acknowledge(secret, {
        id: 'AwsSolutions-SMG4',
        reason:
          name === 'callbackKey'
            ? 'Seals caller callback signing secrets at rest: rotating it must re-seal every stored secret, so rotation is a manual runbook step, not an automatic schedule.'
            : 'HMAC key for captcha codes: rotating it invalidates every live code, so rotation is a manual runbook step done in a quiet window, not an automatic schedule.',
      });
      this.secrets[name] = secret;
    }
  }

  /** Deploy-time identifiers of this stack's resources, in the shape functionEnv() expects. */
  resolved(): Resolved {
    const pick = <T>(kind: string, items: Record<string, T>, name: string): T => {
      const item = items[name];
      if (!item) throw new Error(`Manifest binding refers to unknown ${kind} "${name}"`);
      return item;
    };
    return {
      table: (name) => pick('table', this.tables, name).tableName,
      queueUrl: (name) => pick('queue', this.queues, name).queue.queueUrl,
      dlqUrl: (name) => pick('queue', this.queues, name).dlq.queueUrl,
      bucket: (name) => pick('bucket', this.buckets, name).bucketName,
      secret: (name) => pick('secret', this.secrets, name).secretArn,
      scheduler: () => ({ groupName: this.scheduleGroup.ref, roleArn: this.schedulerRole.roleArn }),
    };
  }

  private table(name: string, spec: TableSpec, stage: StageConfig): TableV2 {
    return new TableV2(this, `${pascal(name)}Table`, {
      partitionKey: key(spec.partitionKey),
      sortKey: key(spec.sortKey),
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: spec.ttlAttribute,
      deletionProtection: stage.isProd,
      removalPolicy: stage.removalPolicy,
      globalSecondaryIndexes: spec.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: index.sortKey ? key(index.sortKey) : undefined,
        projectionType: index.keysOnly ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
      })),
    });
  }
}
