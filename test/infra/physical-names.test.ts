import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureManifest } from './fixture-manifest.ts';
import { resourcesOfType, synth, type Json, SYNTH_TIMEOUT_MS } from './synth.ts';

const NAME_PROPERTIES: [string, string][] = [
  ['AWS::DynamoDB::Table', 'TableName'],
  ['AWS::DynamoDB::GlobalTable', 'TableName'],
  ['AWS::SQS::Queue', 'QueueName'],
  ['AWS::S3::Bucket', 'BucketName'],
  ['AWS::Lambda::Function', 'FunctionName'],
  ['AWS::SecretsManager::Secret', 'Name'],
  ['AWS::IAM::Role', 'RoleName'],
];

describe('no physical names', () => {
  let templates: Json[];
  beforeAll(() => {
    templates = [synth({ stage: 'prod' }), synth({ stage: 'dev', manifest: fixtureManifest })].flatMap((s) => Object.values(s.json));
  }, SYNTH_TIMEOUT_MS);

  it.each(NAME_PROPERTIES)('no %s sets %s', (type, property) => {
    const named = templates.flatMap((t) => resourcesOfType(t, type)).filter(([, r]) => r.Properties?.[property] !== undefined);
    expect(named.map(([id]) => id)).toEqual([]);
  });
});
