import { CfnResource, Validations } from 'aws-cdk-lib';
import { rules } from 'cdk-nag';
import type { IConstruct } from 'constructs';

// cdk-nag v3 runs as a CDK policy-validation plugin: findings are acknowledged per construct via
// Validations.of(…).acknowledge, and any unacknowledged finding fails `cdk synth`.

export interface Acknowledgement {
  id: string;
  reason: string;
}

export const acknowledge = (scope: IConstruct, ...items: Acknowledgement[]): void => Validations.of(scope).acknowledge(...items);

export interface FindingAllowance {
  /** Matches a single finding, e.g. `Resource::*`, `Action::s3:GetObject*` or `Policy::arn:…`. */
  finding: RegExp;
  reason: string;
}

type GranularRule = (node: CfnResource) => unknown;

const acknowledgeFindings = (ruleId: string, rule: GranularRule, scope: IConstruct, allowances: FindingAllowance[]): void => {
  const cfn = CfnResource.isCfnResource(scope) ? scope : scope.node.defaultChild;
  if (!cfn || !CfnResource.isCfnResource(cfn)) throw new Error(`${scope.node.path} is not a CloudFormation resource`);
  // Findings name resources as rendered in the template, and cross-stack references are only rendered
  // (as imports) once the app is prepared: construct validations run after that, before the plugins.
  cfn.node.addValidation({
    validate: () => {
      const findings = rule(cfn);
      if (!Array.isArray(findings)) return [];
      for (const finding of findings as string[]) {
        const allowance = allowances.find((a) => a.finding.test(finding));
        if (allowance) acknowledge(cfn, { id: `${ruleId}[${finding}]`, reason: allowance.reason });
      }
      return [];
    },
  });
};

/**
 * Acknowledges, one finding at a time, the IAM5 wildcards of a policy that an allowance explains.
 * Checked at synthesis, after every grant is made; a wildcard nobody explained stays a violation.
 */
export const acknowledgeWildcards = (policy: IConstruct, allowances: FindingAllowance[]): void =>
  acknowledgeFindings('AwsSolutions-IAM5', rules.iam.IAMNoWildcardPermissions, policy, allowances);

/** Acknowledges the IAM4 AWS-managed-policy findings of a role that an allowance explains. */
export const acknowledgeManagedPolicies = (role: IConstruct, allowances: FindingAllowance[]): void =>
  acknowledgeFindings('AwsSolutions-IAM4', rules.iam.IAMNoManagedPolicies, role, allowances);

/** The managed policy every CDK-created Lambda role gets: it only writes the function's own logs. */
export const BASIC_EXECUTION_ROLE = /^Policy::arn:(<AWS::Partition>|aws[a-z-]*):iam::aws:policy\/service-role\/AWSLambdaBasicExecutionRole$/;
