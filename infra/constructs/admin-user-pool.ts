import { Aws, Duration } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPoolClient,
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

/**
 * What the site asks the Hosted UI for, and all the client allows: an id token (openid) carrying the
 * operator's groups and e-mail. No `aws.cognito.signin.user.admin`: the site never calls Cognito's API.
 */
export const ADMIN_WEB_SCOPES = [OAuthScope.OPENID, OAuthScope.EMAIL] as const;

export interface AdminUserPoolProps {
  stage: StageConfig;
  /** Origins the site is served from (https://…, no path): the Hosted UI's only callback and sign-out URLs. */
  siteOrigins: string[];
}

/** The admin centre's users: invited only, strong passwords, optional TOTP MFA. */
export class AdminUserPool extends Construct {
  readonly pool: UserPool;
  readonly client: UserPoolClient;
  /** The Hosted UI the admin site signs operators in through (config.json's cognitoDomain). */
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, { stage, siteOrigins }: AdminUserPoolProps) {
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
      deletionProtection: stage.isProd,
    });
    for (const group of ADMIN_GROUPS) this.pool.addGroup(`${group}Group`, { groupName: group });
    // A browser SPA cannot keep a client secret: the Hosted UI's authorization code flow with PKCE
    // (admin-web/src/auth/cognito.ts) and nothing else — no implicit grant, no password flows.
    // Outside prod the runner's origin is allowed too, so `npm run dev:web` can sign in to a dev pool.
    const urls = [...siteOrigins.map((origin) => `${origin}/`), ...(stage.isProd ? [] : ['http://localhost:3000/'])];
    this.client = this.pool.addClient('AdminWebClient', {
      generateSecret: false,
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      // The site trades it for fresh id tokens while the tab is open (a working day at most).
      refreshTokenValidity: Duration.hours(12),
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [...ADMIN_WEB_SCOPES],
        callbackUrls: urls,
        logoutUrls: urls,
      },
    });
    // Sign-in happens on the Hosted UI only; the API-side flows stay off except refreshing tokens.
    (this.client.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
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
