import { beforeAll, describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { consumerOf } from '../../infra/manifest/bindings.ts';
import { manifest } from '../../infra/manifest/index.ts';
import type { Manifest } from '../../infra/manifest/types.ts';
import { fixtureManifest } from './fixture-manifest.ts';
import { logicalId, resourcesOfType, synth, type Json, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

const cases: [string, Manifest][] = [
  ['app manifest', manifest],
  ['fixture manifest', fixtureManifest],
];

describe.each(cases)('data stack (%s, dev)', (_, m) => {
  let s: Synth;
  beforeAll(() => {
    s = synth({ stage: 'dev', manifest: m });
  }, SYNTH_TIMEOUT_MS);

  it('gives every queue its own DLQ, maxReceiveCount ≥ 5 and visibility ≥ 6 × the consumer timeout', () => {
    const resources = s.json.data.Resources as Json;
    const dlqIds = new Set<string>();
    for (const [name, spec] of Object.entries(m.queues)) {
      const pair = s.data.queues[name]!;
      const queue = resources[logicalId(pair.queue)].Properties;
      const dlqId = logicalId(pair.dlq);
      expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
      expect(queue.RedrivePolicy.maxReceiveCount).toBe(spec.maxReceiveCount);
      expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThanOrEqual(5);
      const consumer = consumerOf(m, name);
      if (consumer) expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * consumer.timeoutSeconds);
      else expect(queue.VisibilityTimeout).toBe(spec.visibilityTimeoutSeconds ?? 30);
      expect(queue.SqsManagedSseEnabled).toBe(true);
      const dlq = resources[dlqId].Properties;
      expect(dlq.MessageRetentionPeriod).toBe(14 * 24 * 3600);
      expect(dlq.SqsManagedSseEnabled).toBe(true);
      dlqIds.add(dlqId);
    }
    expect(dlqIds.size).toBe(Object.keys(m.queues).length);
    expect(resourcesOfType(s.json.data, 'AWS::SQS::Queue')).toHaveLength(2 * Object.keys(m.queues).length);
  });

  it('denies non-TLS access to every queue', () => {
    for (const [id] of resourcesOfType(s.json.data, 'AWS::SQS::Queue')) {
      s.templates.data.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        // A topic's queue also lets its topic send (the subscription's statement beside the TLS one).
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('alarms on every DLQ holding a message', () => {
    const alarms = resourcesOfType(s.json.data, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const pair of Object.values(s.data.queues)) {
      const alarm = alarms.find((a) => JSON.stringify(a.Dimensions).includes(logicalId(pair.dlq)));
      expect(alarm).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('creates one on-demand, PITR, encrypted table per manifest table with its keys, TTL and GSIs (messages `day` keys only)', () => {
    const tables = resourcesOfType(s.json.data, 'AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(Object.keys(m.tables).length);
    for (const [name, spec] of Object.entries(m.tables)) {
      const t = (s.json.data.Resources as Json)[logicalId(s.data.tables[name]!)].Properties;
      expect(t.BillingMode).toBe('PAY_PER_REQUEST');
      // AWS-managed key (aws/dynamodb): KMS without a key id of ours.
      expect(t.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(t.Replicas[0].PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled).toBe(true);
      expect(t.KeySchema).toEqual([
        { AttributeName: spec.partitionKey, KeyType: 'HASH' },
        { AttributeName: spec.sortKey, KeyType: 'RANGE' },
      ]);
      expect(t.AttributeDefinitions.every((a: Json) => a.AttributeType === 'S')).toBe(true);
      if (spec.ttlAttribute) expect(t.TimeToLiveSpecification).toEqual({ AttributeName: spec.ttlAttribute, Enabled: true });
      else expect(t.TimeToLiveSpecification).toBeUndefined();
      const gsis = (t.GlobalSecondaryIndexes ?? []) as Json[];
      expect(gsis.map((g) => g.IndexName).sort()).toEqual(spec.indexes.map((i) => i.name).sort());
      // Keys-only where the manifest says so (each write into an index costs a unit per KB projected).
      for (const index of spec.indexes) {
        expect(gsis.find((g) => g.IndexName === index.name)!.Projection.ProjectionType).toBe(index.keysOnly ? 'KEYS_ONLY' : 'ALL');
      }
    }
  });

  it('keeps buckets private, TLS-only, encrypted, versioned and access-logged', () => {
    for (const bucket of Object.values(s.data.buckets)) {
      const b = (s.json.data.Resources as Json)[logicalId(bucket)].Properties;
      expect(b.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(b.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(b.LoggingConfiguration.DestinationBucketName).toBeDefined();
    }
  });

  it('expires bucket objects by lifecycle and answers browsers (presigned PUT/GET) only where the manifest says', () => {
    for (const [name, spec] of Object.entries(m.buckets)) {
      const b = (s.json.data.Resources as Json)[logicalId(s.data.buckets[name]!)].Properties;
      if (spec.expireDays) expect(b.LifecycleConfiguration.Rules[0], name).toMatchObject({ ExpirationInDays: spec.expireDays, Status: 'Enabled' });
      else expect(b.LifecycleConfiguration, name).toBeUndefined();
      if (spec.browserUpload) expect(b.CorsConfiguration.CorsRules[0].AllowedMethods.sort(), name).toEqual(['GET', 'PUT']);
      else expect(b.CorsConfiguration, name).toBeUndefined();
    }
    if (m === manifest) expect(Object.keys(m.buckets).sort()).toEqual(['attachments', 'imports']);
  });

  it('generates a 64-character value for every secret, without rotation', () => {
    const secrets = resourcesOfType(s.json.data, 'AWS::SecretsManager::Secret');
    expect(secrets).toHaveLength(Object.keys(m.secrets).length);
    for (const [, secret] of secrets) expect(secret.Properties.GenerateSecretString.PasswordLength).toBe(64);
    expect(resourcesOfType(s.json.data, 'AWS::SecretsManager::RotationSchedule')).toHaveLength(0);
  });

  it('lets dev tables and queues be destroyed', () => {
    for (const [, t] of resourcesOfType(s.json.data, 'AWS::DynamoDB::GlobalTable')) {
      expect(t.DeletionPolicy).toBe('Delete');
      expect(t.Properties.Replicas[0].DeletionProtectionEnabled).toBeFalsy();
    }
  });
});

describe('data stack (app manifest, prod)', () => {
  let s: Synth;
  beforeAll(() => {
    s = synth({ stage: 'prod' });
  }, SYNTH_TIMEOUT_MS);

  it('retains and deletion-protects every table', () => {
    const tables = resourcesOfType(s.json.data, 'AWS::DynamoDB::GlobalTable');
    expect(tables).toHaveLength(Object.keys(manifest.tables).length);
    for (const [, t] of tables) {
      expect(t.DeletionPolicy).toBe('Retain');
      expect(t.UpdateReplacePolicy).toBe('Retain');
      expect(t.Properties.Replicas.every((r: Json) => r.DeletionProtectionEnabled === true)).toBe(true);
    }
  });

  it('retains queues, buckets and secrets', () => {
    for (const type of ['AWS::SQS::Queue', 'AWS::S3::Bucket', 'AWS::SecretsManager::Secret']) {
      for (const [, r] of resourcesOfType(s.json.data, type)) expect(r.DeletionPolicy).toBe('Retain');
    }
  });
});
