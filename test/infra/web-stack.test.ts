import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, resourcesOfType, synth, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

describe('web stack', () => {
  let s: Synth;
  beforeAll(() => {
    const dist = mkdtempSync(path.join(tmpdir(), 'admin-web-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>t</title>');
    s = synth({ stage: 'dev', adminWebDir: dist });
  }, SYNTH_TIMEOUT_MS);

  it('serves a private bucket through CloudFront with origin access control', () => {
    const dist = resourcesOfType(s.json.web, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
    expect(dist.DefaultRootObject).toBe('index.html');
    expect(dist.Origins[0].OriginAccessControlId).toBeDefined();
    expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(resourcesOfType(s.json.web, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    for (const [, bucket] of resourcesOfType(s.json.web, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    }
  });

  it('falls back to index.html for client-side routes', () => {
    const dist = resourcesOfType(s.json.web, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
    expect(dist.CustomErrorResponses).toEqual(
      [403, 404].map((code) => expect.objectContaining({ ErrorCode: code, ResponseCode: 200, ResponsePagePath: '/index.html' })),
    );
  });

  it('deploys the build plus a config.json carrying the stage, API and user pool', () => {
    const [, deployment] = resourcesOfType(s.json.web, 'Custom::CDKBucketDeployment')[0]!;
    const props = deployment.Properties;
    expect(props.DestinationBucketName).toEqual({ Ref: logicalId(s.web.node.findChild('SiteBucket')) });
    expect(props.SourceObjectKeys).toHaveLength(2);
    // config.json's deploy-time values: the API, the user pool and its client (from the api stack), the region.
    const markers = JSON.stringify(props.SourceMarkers);
    for (const ref of ['HttpApi', 'AdminUsersPool', 'AdminWebClient', 'AWS::Region']) expect(markers).toContain(ref);
    expect(s.json.web.Outputs.WebUrl).toBeDefined();
  });
});
