import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, Stack, type CfnResource, type StackProps } from 'aws-cdk-lib';
import {
  CachePolicy,
  Distribution,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { BASIC_EXECUTION_ROLE, acknowledge, acknowledgeManagedPolicies, acknowledgeWildcards } from '../constructs/nag.ts';
import { accessLogsBucket, secureBucket } from '../constructs/secure-bucket.ts';
import type { WebConfig } from '../../layers/contracts/web-config.ts';
import type { StageConfig } from './stage.ts';

export interface WebStackProps extends StackProps {
  stage: StageConfig;
  /** Built admin-web (vite `dist`); a placeholder page is deployed when it does not exist yet. */
  adminWebDir: string;
  apiUrl: string;
  userPoolId: string;
  userPoolClientId: string;
  /** The user pool's Hosted UI base URL, where the site sends operators to sign in. */
  cognitoDomain: string;
}

const PLACEHOLDER_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'web-placeholder');

/** The admin centre SPA: private bucket behind CloudFront (OAC) plus the stage's runtime config.json. */
export class WebStack extends Stack {
  readonly distribution: Distribution;
  readonly webUrl: string;

  constructor(scope: Construct, id: string, props: WebStackProps) {
    super(scope, id, props);
    const { stage } = props;

    const logs = accessLogsBucket(this, 'WebLogsBucket', stage, true);
    const site = secureBucket(this, 'SiteBucket', stage, logs);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `Message platform admin centre (${stage.name})`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      defaultRootObject: 'index.html',
      // Client-side routes: S3 answers 403 (no ListBucket) or 404 for them; serve the SPA instead.
      errorResponses: [403, 404].map((httpStatus) => ({
        httpStatus,
        responseHttpStatus: 200,
        responsePagePath: '/index.html',
        ttl: Duration.seconds(0),
      })),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });
    this.webUrl = `https://${this.distribution.distributionDomainName}`;

    const build = existsSync(path.join(props.adminWebDir, 'index.html')) ? props.adminWebDir : PLACEHOLDER_DIR;
    const deployment = new BucketDeployment(this, 'DeployAdminWeb', {
      destinationBucket: site,
      sources: [
        Source.asset(build),
        // One admin-web build serves every stage: it reads where its API and user pool are at start.
        Source.jsonData('config.json', {
          stage: stage.name,
          apiUrl: props.apiUrl,
          auth: {
            mode: 'cognito',
            region: this.region,
            userPoolId: props.userPoolId,
            userPoolClientId: props.userPoolClientId,
            cognitoDomain: props.cognitoDomain,
          },
        } satisfies WebConfig),
      ],
      cacheControl: [CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });

    new CfnOutput(this, 'WebUrl', { value: this.webUrl });
    this.acknowledgeFindings(deployment, site);
  }

  private acknowledgeFindings(deployment: BucketDeployment, site: Bucket): void {
    acknowledge(
      this.distribution,
      { id: 'AwsSolutions-CFR1', reason: 'The admin centre is used from wherever operators are; access is controlled by Cognito sign-in, not geography.' },
      { id: 'AwsSolutions-CFR2', reason: 'Static SPA assets only; the API it calls is throttled and JWT-protected. A WAF web ACL is an account-level decision outside this stack.' },
      { id: 'AwsSolutions-CFR4', reason: 'Served on the default *.cloudfront.net certificate, where CloudFront fixes the viewer TLS policy; a custom domain with TLSv1.2_2021 is a later step.' },
    );

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
