import { Aws, Duration } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  OAuthScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { StageConfig } from '../stacks/stage.ts';
import { acknowledge } from './nag.ts';

/** Groups the admin centre authorises by (the `cognito:groups` claim). */
export const ADMIN_GROUPS = ['admin', 'operator', 'viewer'] as const;

/** The admin centre's users: invited only, strong passwords, optional TOTP MFA. */
export class AdminUserPool extends Construct {
  readonly pool: UserPool;
  readonly client: UserPoolClient;
  /** The Hosted UI the admin site signs operators in through (config.json's cognitoDomain). */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, stage: StageConfig) {
    super(scope, id);
    this.pool = new UserPool(this, 'Pool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Threat protection (compromised credentials, adaptive auth) is billed per user: on in prod only.
      featurePlan: stage.isProd ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      standardThreatProtectionMode: stage.isProd ? StandardThreatProtectionMode.FULL_FUNCTION : undefined,
      removalPolicy: stage.removalPolicy,
    });
    for (const group of ADMIN_GROUPS) this.pool.addGroup(`${group}Group`, { groupName: group });
    // A browser SPA cannot keep a client secret: the Hosted UI's authorization code flow with PKCE
    // (admin-web/src/auth/cognito.ts), or SRP.
    this.client = this.pool.addClient('AdminWebClient', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        // The site's origin is CloudFront's, known only once the web stack exists (which depends on
        // this one): register it after the first deploy (docs/ARCHITECTURE.md → Admin sign-in).
        callbackUrls: [...(stage.adminWebUrls ?? []), 'http://localhost:3000/'],
        logoutUrls: [...(stage.adminWebUrls ?? []), 'http://localhost:3000/'],
      },
    });
    // A Cognito prefix domain: unique per region, so the account id keeps stages of two accounts apart.
    this.domain = this.pool.addDomain('HostedUi', { cognitoDomain: { domainPrefix: `msgplat-admin-${stage.name}-${Aws.ACCOUNT_ID}` } });

    acknowledge(this.pool, {
      id: 'AwsSolutions-COG2',
      reason: 'MFA is optional by requirement: users are invited by an administrator (self sign-up off) and can enrol TOTP; requiring it is a runbook switch.',
    });
    if (!stage.isProd) {
      acknowledge(this.pool, {
        id: 'AwsSolutions-COG8',
        reason: 'Non-production pool with a handful of invited test users: the Plus tier (threat protection) is enabled in prod only.',
      });
    }
  }
}
