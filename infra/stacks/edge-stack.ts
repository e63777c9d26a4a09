import { Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import type { StageConfig } from './stage.ts';

export interface EdgeStackProps extends StackProps {
  stage: StageConfig;
}

/** Captcha calls per source IP in 5 minutes (each send costs an SMS; per-phone limits apply besides). */
export const CAPTCHA_RATE_PER_5_MIN = 300;
/** Bodies above this, without an API key or a bearer token, never reach API Gateway (and start no Lambda). */
export const UNAUTHENTICATED_BODY_BYTES = 16 * 1024;
/** Captcha bodies are a few hundred bytes. */
export const CAPTCHA_BODY_BYTES = 4 * 1024;

const visibility = (name: string) => ({ cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true });
const managed = (name: string, priority: number, overrides: string[] = []): CfnWebACL.RuleProperty => ({
  name,
  priority,
  overrideAction: { none: {} },
  statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ruleActionOverrides: overrides.map((rule) => ({ name: rule, actionToUse: { count: {} } })) } },
  visibilityConfig: visibility(name),
});
const pathStartsWith = (prefix: string): CfnWebACL.StatementProperty => ({
  byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: prefix, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
const bodyLargerThan = (bytes: number): CfnWebACL.StatementProperty => ({
  // CloudFront lets WAF inspect the first 16 KB; an oversize body counts as a match.
  sizeConstraintStatement: { fieldToMatch: { body: { oversizeHandling: 'MATCH' } }, comparisonOperator: 'GT', size: bytes, textTransformations: [{ priority: 0, type: 'NONE' }] },
});
const headerMissing = (header: string): CfnWebACL.StatementProperty => ({
  notStatement: {
    statement: { sizeConstraintStatement: { fieldToMatch: { singleHeader: { Name: header } }, comparisonOperator: 'GT', size: 0, textTransformations: [{ priority: 0, type: 'NONE' }] } },
  },
});

/**
 * The optional WAF (`-c waf=true`): a CloudFront-scope web ACL, which AWS only accepts in us-east-1,
 * hence its own stack there. HTTP APIs cannot take a web ACL themselves, so it guards what goes
 * through the distribution (the site and `/api/*`); callers that use the execute-api URL directly
 * have the per-route throttles and per-institution rates only.
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    const acl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: `Message platform ${props.stage.name} - managed rules, captcha rate, unauthenticated large bodies`,
      defaultAction: { allow: {} },
      visibilityConfig: visibility('MessagePlatformWebAcl'),
      rules: [
        // The common rule set blocks bodies over 8 KB; bulk sendMessage bodies are larger by design.
        managed('AWSManagedRulesCommonRuleSet', 0, ['SizeRestrictions_BODY']),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        managed('AWSManagedRulesAmazonIpReputationList', 2),
        {
          name: 'CaptchaRatePerIp',
          priority: 10,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: CAPTCHA_RATE_PER_5_MIN, evaluationWindowSec: 300, aggregateKeyType: 'IP', scopeDownStatement: pathStartsWith('/api/hcmsg/captcha/') } },
          visibilityConfig: visibility('CaptchaRatePerIp'),
        },
        {
          name: 'CaptchaBodySize',
          priority: 11,
          action: { block: {} },
          statement: { andStatement: { statements: [pathStartsWith('/api/hcmsg/captcha/'), bodyLargerThan(CAPTCHA_BODY_BYTES)] } },
          visibilityConfig: visibility('CaptchaBodySize'),
        },
        {
          name: 'UnauthenticatedLargeBody',
          priority: 12,
          action: { block: {} },
          statement: { andStatement: { statements: [bodyLargerThan(UNAUTHENTICATED_BODY_BYTES), headerMissing('x-api-key'), headerMissing('authorization')] } },
          visibilityConfig: visibility('UnauthenticatedLargeBody'),
        },
      ],
    });
    this.webAclArn = acl.attrArn;
  }
}
