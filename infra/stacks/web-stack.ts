import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type CfnResource, type StackProps } from 'aws-cdk-lib';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Distribution, HttpVersion, PriceClass, SecurityPolicyProtocol } from 'aws-cdk-lib/aws-cloudfront';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { ADMIN_WEB_SCOPES, AdminUserPool } from '../constructs/admin-user-pool.ts';
import { BASIC_EXECUTION_ROLE, acknowledge, acknowledgeManagedPolicies, acknowledgeWildcards } from '../constructs/nag.ts';
import { accessLogsBucket, secureBucket } from '../constructs/secure-bucket.ts';
import { apiBehaviour, siteBehaviour } from '../constructs/site-behaviours.ts';
import { webConfig, type WebConfig } from '../../layers/contracts/web-config.ts';
import type { StageConfig } from './stage.ts';

export interface WebStackProps extends StackProps {
  stage: StageConfig;
  /** Built admin-web (vite `dist`); a placeholder page is deployed when it does not exist yet. */
  adminWebDir: string;
  /** ARN of a CloudFront-scope WAF web ACL (the Edge stack), when the `waf` context flag is on. */
  webAclArn?: string;
}

const PLACEHOLDER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web-placeholder');

/**
 * The doors: one CloudFront origin for the admin site (private bucket, OAC) and its API (`/api/*` →
 * the HTTP API, so the site needs no CORS), the HTTP API resource itself (its routes and stage are the
 * api stack's), and the admin user pool whose Hosted UI returns to this distribution. They live
 * together because the pool's callback URLs name the distribution, which names the API.
 */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  readonly httpApi: HttpApi;
  readonly users: AdminUserPool;
  readonly webUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const { adminDomain, adminCertificateArn } = stage.options;

    this.httpApi = new HttpApi(this, 'HttpApi', { description: `Message platform API (${stage.name})`, createDefaultStage: false });

    const logs = accessLogsBucket(this, 'WebLogsBucket', stage, true);
    const site = secureBucket(this, 'SiteBucket', stage, logs);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Message platform admin centre (${stage.name})`,
      defaultBehavior: siteBehaviour(this, site),
      additionalBehaviors: { '/api/*': apiBehaviour(this.httpApi) },
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      webAclId: props.webAclArn,
      ...(adminDomain && adminCertificateArn
        ? {
            domainNames: [adminDomain],
            certificate: Certificate.fromCertificateArn(this, 'AdminDomainCertificate', adminCertificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    this.webUrl = `https://${adminDomain ?? this.distribution.distributionDomainName}`;

    const siteOrigins = [`https://${this.distribution.distributionDomainName}`, ...(adminDomain ? [`https://${adminDomain}`] : [])];
    this.users = new AdminUserPool(this, 'AdminUsers', { stage, siteOrigins });

    const build = existsSync(path.join(props.adminWebDir, 'index.html')) ? props.adminWebDir : PLACEHOLDER_DIR;
    // One admin-web build serves every stage: it reads where its user pool is at start. The API is
    // this distribution's own `/api/*`, so apiUrl is empty (same origin), as under the local runner.
    const config: WebConfig = {
      stage: stage.name,
      apiUrl: '',
      auth: {
        mode: 'cognito',
        region: this.region,
        userPoolId: this.users.pool.userPoolId,
        userPoolClientId: this.users.client.userPoolClientId,
        cognitoDomain: this.users.domain.baseUrl(),
        scopes: ADMIN_WEB_SCOPES.map((scope) => scope.scopeName),
      },
    };
    webConfig.parse({ ...config, auth: { ...config.auth, cognitoDomain: 'https://deploy-time.example' } });
    const deployment = new BucketDeployment(this, 'DeployAdminWeb', {
      destinationBucket: site,
      sources: [Source.asset(build), Source.jsonData('config.json', config)],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });

    new CfnOutput(this, 'WebUrl', { value: this.webUrl });
    new CfnOutput(this, 'UserPoolId', { value: this.users.pool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    this.acknowledgeFindings(deployment, site, props.webAclArn !== undefined, adminDomain !== undefined);
  }

  private acknowledgeFindings(deployment: BucketDeployment, site: Bucket, hasWaf: boolean, hasDomain: boolean): void {
    acknowledge(this.distribution, {
      id: 'AwsSolutions-CFR1',
      reason: 'The admin centre is used from wherever operators are; access is controlled by Cognito sign-in, not geography.',
    });
    if (!hasWaf) {
      acknowledge(this.distribution, {
        id: 'AwsSolutions-CFR2',
        reason: 'WAF is a deploy-time choice (`-c waf=true` adds the Edge stack web ACL); without it the API routes keep their per-route throttles and per-institution rate limits.',
      });
    }
    if (!hasDomain) {
      acknowledge(this.distribution, {
        id: 'AwsSolutions-CFR4',
        reason: 'Served on the default *.cloudfront.net certificate, where CloudFront fixes the viewer TLS policy; `-c adminDomain=… -c adminCertificateArn=…` sets TLSv1.2_2021.',
      });
    }

    // BucketDeployment's provider: a CDK-owned singleton Lambda whose runtime and grants we do not choose.
    const provider = this.node.children.find((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!provider) throw new Error(`BucketDeployment ${deployment.node.path}: provider function not found`);
    const role = provider.node.findChild('ServiceRole');
    acknowledge(provider, { id: 'AwsSolutions-L1', reason: 'CDK-managed BucketDeployment provider: its Python runtime is pinned by aws-cdk-lib, not by us.' });
    acknowledgeManagedPolicies(role, [
      { finding: BASIC_EXECUTION_ROLE, reason: 'AWSLambdaBasicExecutionRole only lets the deployment provider write its own CloudWatch Logs.' },
    ]);
    const copyReason = 'Deployment copies the asset objects (CDK assets bucket) into the site bucket and prunes stale ones: object-level wildcards on those two buckets only.';
    acknowledgeWildcards(role.node.findChild('DefaultPolicy'), [
      { finding: /^Action::s3:[A-Za-z]+\*$/, reason: copyReason },
      { finding: /^Resource::arn:(<AWS::Partition>|aws[a-z-]*):s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/, reason: copyReason },
      { finding: new RegExp(`^Resource::<${this.getLogicalId(site.node.defaultChild as CfnResource)}\\.Arn>/\\*$`), reason: copyReason },
      { finding: /^Resource::\*$/, reason: 'cloudfront:CreateInvalidation/GetInvalidation as granted by BucketDeployment, to invalidate this distribution after a deploy.' },
    ]);
  }
}
