import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { webConfig } from '../../layers/contracts/web-config.ts';
import { deployedFile, logicalId, referenceOf, resourcesOfType, synth, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

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

  it("writes a config.json the site's own schema accepts, signing in through the user pool's Hosted UI", () => {
    const region = 'eu-west-1';
    const text = deployedFile(s, 'config.json', (value) => {
      const ref = referenceOf(s.json.api)(value);
      return ref === 'AWS::Region' ? region : ref === 'AWS::URLSuffix' ? 'amazonaws.com' : ref;
    });
    const config = webConfig.parse(JSON.parse(text));
    expect(config).toMatchObject({ stage: 'dev', auth: { mode: 'cognito', region } });
    if (config.auth.mode !== 'cognito') throw new Error('not cognito');
    const id = (child: string) => logicalId(s.api.users.node.findChild(child));
    expect(config.auth.userPoolId).toBe(id('Pool'));
    expect(config.auth.userPoolClientId).toBe(logicalId(s.api.users.pool.node.findChild('AdminWebClient')));
    expect(config.auth.cognitoDomain).toBe(`https://${logicalId(s.api.users.domain)}.auth.${region}.amazoncognito.com`);
    expect(config.apiUrl).toMatch(new RegExp(`^https://${logicalId(s.api.api)}\\.execute-api\\.${region}\\.amazonaws\\.com/$`));
  });

  it('gives the Hosted UI a prefix domain and the site client the code flow', () => {
    const [, domain] = resourcesOfType(s.json.api, 'AWS::Cognito::UserPoolDomain')[0]!;
    expect(domain.Properties.UserPoolId).toEqual({ Ref: logicalId(s.api.users.pool) });
    expect(JSON.stringify(domain.Properties.Domain)).toContain('msgplat-admin-dev-');
    s.templates.api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
    });
  });

  it('deploys the build plus a config.json carrying the stage, API and user pool', () => {
    const [, deployment] = resourcesOfType(s.json.web, 'Custom::CDKBucketDeployment')[0]!;
    const props = deployment.Properties;
    expect(props.DestinationBucketName).toEqual({ Ref: logicalId(s.web.node.findChild('SiteBucket')) });
    expect(props.SourceObjectKeys).toHaveLength(2);
    // config.json's deploy-time values: the API, the user pool and its client (from the api stack), the region.
    const markers = JSON.stringify(props.SourceMarkers);
    for (const ref of ['HttpApi', 'AdminUsersPool', 'AdminWebClient', 'HostedUi', 'AWS::Region']) expect(markers).toContain(ref);
    expect(s.json.web.Outputs.WebUrl).toBeDefined();
  });
});
