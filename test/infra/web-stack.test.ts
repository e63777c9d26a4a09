import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { webConfig } from '../../layers/contracts/web-config.ts';
import { deployedFile, logicalId, referenceOf, resourcesOfType, synth, type Json, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

const distributionOf = (s: Synth): Json => resourcesOfType(s.json.web, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
const distId = (s: Synth) => logicalId(s.web.distribution);

describe('web stack', () => {
  let s: Synth;
  beforeAll(() => {
    const dist = mkdtempSync(path.join(tmpdir(), 'admin-web-dist-'));
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>t</title>');
    s = synth({ stage: 'dev', adminWebDir: dist });
  }, SYNTH_TIMEOUT_MS);

  it('serves a private bucket through CloudFront with origin access control', () => {
    const dist = distributionOf(s);
    expect(dist.DefaultRootObject).toBe('index.html');
    expect(dist.Origins.find((o: Json) => o.S3OriginConfig).OriginAccessControlId).toBeDefined();
    expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(resourcesOfType(s.json.web, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(1);
    for (const [, bucket] of resourcesOfType(s.json.web, 'AWS::S3::Bucket')) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
    }
  });

  it('routes /api/* to the HTTP API: every method, nothing cached, every viewer header but Host forwarded', () => {
    const dist = distributionOf(s);
    const api = dist.CacheBehaviors.find((b: Json) => b.PathPattern === '/api/*');
    expect(api).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      ViewerProtocolPolicy: 'https-only',
      // Managed-CachingDisabled and Managed-AllViewerExceptHostHeader.
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
    });
    const origin = dist.Origins.find((o: Json) => o.Id === api.TargetOriginId);
    expect(origin.CustomOriginConfig.OriginProtocolPolicy).toBe('https-only');
    expect(JSON.stringify(origin.DomainName)).toContain(logicalId(s.web.httpApi));
    expect(JSON.stringify(origin.DomainName)).toContain('.execute-api.');
  });

  it("serves index.html for client-side routes without touching the API's own 403/404 answers", () => {
    const dist = distributionOf(s);
    // Distribution-wide error responses would turn the API's 404 envelope into a 200 HTML page.
    expect(dist.CustomErrorResponses).toBeUndefined();
    const [fnId, fn] = resourcesOfType(s.json.web, 'AWS::CloudFront::Function')[0]!;
    expect(dist.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [fnId, 'FunctionARN'] } }]);
    const handler = new Function(`${fn.Properties.FunctionCode as string}; return handler;`)() as (e: Json) => { uri: string };
    const route = (uri: string) => handler({ request: { uri } }).uri;
    expect([route('/requests/list'), route('/'), route('/assets/index-abc.js'), route('/config.json'), route('/api/admin/me')]).toEqual([
      '/index.html',
      '/index.html',
      '/assets/index-abc.js',
      '/config.json',
      '/api/admin/me',
    ]);
  });

  it("writes a config.json the site's own schema accepts: same-origin API, the pool's Hosted UI and scopes", () => {
    const region = 'eu-west-1';
    const text = deployedFile(s, 'config.json', (value) => {
      const ref = referenceOf(s.json.web)(value);
      return ref === 'AWS::Region' ? region : ref === 'AWS::URLSuffix' ? 'amazonaws.com' : ref;
    });
    const config = webConfig.parse(JSON.parse(text));
    expect(config).toMatchObject({ stage: 'dev', apiUrl: '', auth: { mode: 'cognito', region } });
    if (config.auth.mode !== 'cognito') throw new Error('not cognito');
    expect(config.auth.userPoolId).toBe(logicalId(s.web.users.pool));
    expect(config.auth.userPoolClientId).toBe(logicalId(s.web.users.client));
    expect(config.auth.cognitoDomain).toBe(`https://${logicalId(s.web.users.domain)}.auth.${region}.amazoncognito.com`);
    const [, client] = resourcesOfType(s.json.web, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(config.auth.scopes).toEqual(client.Properties.AllowedOAuthScopes);
  });

  it('gives the site client the code grant only, the scopes it asks for, and callbacks on this distribution', () => {
    const [, domain] = resourcesOfType(s.json.web, 'AWS::Cognito::UserPoolDomain')[0]!;
    expect(domain.Properties.UserPoolId).toEqual({ Ref: logicalId(s.web.users.pool) });
    expect(JSON.stringify(domain.Properties.Domain)).toContain('msgplat-admin-dev-');
    const [, client] = resourcesOfType(s.json.web, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties).toMatchObject({
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: ['openid', 'email'],
      GenerateSecret: false,
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
    });
    const site = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distId(s), 'DomainName'] }, '/']] };
    expect(client.Properties.CallbackURLs).toEqual([site, 'http://localhost:3000/']);
    expect(client.Properties.LogoutURLs).toEqual([site, 'http://localhost:3000/']);
    expect(JSON.stringify(client.Properties)).not.toContain('example.com');
  });

  it('has an invite-only user pool with the admin, operator and viewer groups', () => {
    s.templates.web.hasResourceProperties('AWS::Cognito::UserPool', { AdminCreateUserConfig: { AllowAdminCreateUserOnly: true }, MfaConfiguration: 'OPTIONAL' });
    const groups = resourcesOfType(s.json.web, 'AWS::Cognito::UserPoolGroup').map(([, g]) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'operator', 'viewer']);
    for (const output of ['WebUrl', 'UserPoolId', 'UserPoolClientId']) expect(Object.keys(s.json.web.Outputs)).toContain(output);
  });

  it('deploys the build plus a config.json carrying the stage and user pool', () => {
    const [, deployment] = resourcesOfType(s.json.web, 'Custom::CDKBucketDeployment')[0]!;
    const props = deployment.Properties;
    expect(props.DestinationBucketName).toEqual({ Ref: logicalId(s.web.node.findChild('SiteBucket')) });
    expect(props.SourceObjectKeys).toHaveLength(2);
    const markers = JSON.stringify(props.SourceMarkers);
    for (const ref of ['AdminUsersPool', 'AdminWebClient', 'HostedUi', 'AWS::Region']) expect(markers).toContain(ref);
  });
});

describe('web stack (prod, own domain)', () => {
  let s: Synth;
  const certificate = 'arn:aws:acm:us-east-1:111111111111:certificate/abc';
  beforeAll(() => {
    s = synth({ stage: 'prod', context: { adminDomain: 'msg-admin.example.org', adminCertificateArn: certificate } });
  }, SYNTH_TIMEOUT_MS);

  it('serves the custom domain with its certificate and TLS 1.2, and signs in back to both names, never to localhost', () => {
    const dist = distributionOf(s);
    expect(dist.Aliases).toEqual(['msg-admin.example.org']);
    expect(dist.ViewerCertificate).toMatchObject({ AcmCertificateArn: certificate, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    const [, client] = resourcesOfType(s.json.web, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.CallbackURLs).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distId(s), 'DomainName'] }, '/']] },
      'https://msg-admin.example.org/',
    ]);
    expect(s.json.web.Outputs.WebUrl.Value).toBe('https://msg-admin.example.org');
  });

  it('protects the prod user pool from deletion', () => {
    s.templates.web.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'ACTIVE' });
  });
});
