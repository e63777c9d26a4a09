import { Duration } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type BucketProps } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import type { StageConfig } from '../stacks/stage.ts';
import { acknowledge } from './nag.ts';

/** The baseline every bucket of ours gets: private, TLS-only, encrypted, retained in prod. */
const baseline = (stage: StageConfig): BucketProps => ({
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  encryption: BucketEncryption.S3_MANAGED,
  removalPolicy: stage.removalPolicy,
  autoDeleteObjects: !stage.isProd,
});

/** A private bucket whose server access logs go to `logs` under its own prefix. */
export const secureBucket = (
  scope: Construct,
  id: string,
  stage: StageConfig,
  logs: Bucket,
  props: BucketProps = {},
): Bucket =>
  new Bucket(scope, id, {
    ...baseline(stage),
    serverAccessLogsBucket: logs,
    serverAccessLogsPrefix: `${id}/`,
    ...props,
  });

/** The bucket that receives S3 server access logs (and, with ACLs, CloudFront standard logs). */
export const accessLogsBucket = (scope: Construct, id: string, stage: StageConfig, acceptsCloudFrontLogs = false): Bucket => {
  const bucket = new Bucket(scope, id, {
    ...baseline(stage),
    // CloudFront standard logging still writes through bucket ACLs.
    objectOwnership: acceptsCloudFrontLogs ? ObjectOwnership.OBJECT_WRITER : ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(stage.isProd ? 365 : 30) }],
  });
  acknowledge(bucket, {
    id: 'AwsSolutions-S1',
    reason: 'This is the access-log destination itself; logging it would log into itself or need an endless chain of log buckets.',
  });
  return bucket;
};
