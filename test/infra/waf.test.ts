import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { CAPTCHA_RATE_PER_5_MIN, UNAUTHENTICATED_BODY_BYTES } from '../../infra/stacks/edge-stack.ts';
import { NO_BUNDLING, resourcesOfType, type Json, SYNTH_TIMEOUT_MS } from './synth.ts';

// `-c waf=true`: a CloudFront web ACL in a us-east-1 Edge stack, attached to the distribution.

describe('optional WAF', () => {
  const saved = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };
  let built: ReturnType<typeof buildApp>;
  let edge: Json;
  let web: Json;
  let nagFindings: string[];
  beforeAll(() => {
    Object.assign(process.env, { CDK_DEFAULT_ACCOUNT: '111111111111', CDK_DEFAULT_REGION: 'ap-southeast-1' });
    built = buildApp({ stage: 'dev', context: { ...NO_BUNDLING, waf: 'true' } });
    edge = Template.fromStack(built.edge!).toJSON() as Json;
    web = Template.fromStack(built.web).toJSON() as Json;
    built.app.synth();
    nagFindings = new AwsSolutionsChecks(built.app, { verbose: true })
      .validateScope(built.app)
      .violations.filter((v) => /AwsSolutions-/.test(v.ruleName) && (v.severity === 'error' || v.severity === 'warning'))
      .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => {
    for (const [key, value] of [['CDK_DEFAULT_ACCOUNT', saved.account], ['CDK_DEFAULT_REGION', saved.region]] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('puts a CloudFront-scope web ACL in us-east-1 with the AWS managed rules', () => {
    expect(built.edge!.region).toBe('us-east-1');
    const [, acl] = resourcesOfType(edge, 'AWS::WAFv2::WebACL')[0]!;
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const managed = (acl.Properties.Rules as Json[]).filter((r) => r.Statement.ManagedRuleGroupStatement).map((r) => r.Statement.ManagedRuleGroupStatement.Name);
    expect(managed).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']);
  });

  it('rate-limits the captcha routes per IP and blocks large unauthenticated bodies before API Gateway', () => {
    const [, acl] = resourcesOfType(edge, 'AWS::WAFv2::WebACL')[0]!;
    const rule = (name: string) => (acl.Properties.Rules as Json[]).find((r) => r.Name === name)!;
    expect(rule('CaptchaRatePerIp').Statement.RateBasedStatement).toMatchObject({
      Limit: CAPTCHA_RATE_PER_5_MIN,
      AggregateKeyType: 'IP',
      ScopeDownStatement: { ByteMatchStatement: { SearchString: '/api/hcmsg/captcha/', PositionalConstraint: 'STARTS_WITH' } },
    });
    expect(rule('CaptchaRatePerIp').Action).toEqual({ Block: {} });
    const large = JSON.stringify(rule('UnauthenticatedLargeBody').Statement);
    expect(large).toContain(`"Size":${UNAUTHENTICATED_BODY_BYTES}`);
    expect(large).toContain('"Name":"x-api-key"');
    expect(large).toContain('"Name":"authorization"');
  });

  it('attaches the web ACL to the distribution', () => {
    const [, dist] = resourcesOfType(web, 'AWS::CloudFront::Distribution')[0]!;
    expect(dist.Properties.DistributionConfig.WebACLId).toBeDefined();
  });

  it('stays cdk-nag clean', () => {
    expect(nagFindings).toEqual([]);
  });
});
