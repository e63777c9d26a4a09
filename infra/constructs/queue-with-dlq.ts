import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDlqProps {
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
  removalPolicy: RemovalPolicy;
}

/** Minimum receives before dead-lettering, so one throttled batch never dead-letters a message. */
export const MIN_MAX_RECEIVE_COUNT = 5;

/** A queue and its own dead-letter queue, both SSE and TLS-only. */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly dlq: Queue;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    if (props.maxReceiveCount < MIN_MAX_RECEIVE_COUNT) {
      throw new Error(`Queue ${id}: maxReceiveCount ${props.maxReceiveCount} < ${MIN_MAX_RECEIVE_COUNT}`);
    }
    const common = { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, removalPolicy: props.removalPolicy };
    // 14 days (the SQS maximum) leaves a full fortnight to inspect and replay failures.
    this.dlq = new Queue(this, 'Dlq', { ...common, retentionPeriod: Duration.days(14) });
    this.queue = new Queue(this, 'Queue', {
      ...common,
      visibilityTimeout: Duration.seconds(props.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.dlq, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
