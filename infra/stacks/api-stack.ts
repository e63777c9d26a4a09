import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  type HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
  type HttpRouteIntegration,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { HttpTrigger, Manifest } from '../manifest/types.ts';
import { acknowledge } from '../constructs/nag.ts';
import { ManifestFunction } from '../constructs/manifest-function.ts';
import { PlatformMonitoring } from '../constructs/platform-monitoring.ts';
import { RateSchedule } from '../constructs/rate-schedule.ts';
import { routeKeyOf, STAGE_THROTTLE, throttleOf, type Throttle } from '../constructs/route-throttles.ts';
import type { DataStack } from './data-stack.ts';
import { subscribeSmsLogs } from './delivery-events.ts';
import { pascal, type StageConfig } from './stage.ts';
import type { WebStack } from './web-stack.ts';

export interface ApiStackProps extends StackProps {
  stage: StageConfig;
  manifest: Manifest;
  data: DataStack;
  /** The HTTP API (its routes and stage are made here) and the admin user pool. */
  web: WebStack;
  repoRoot: string;
}

// HTTP APIs accept only their own $context variables, so not the REST API's standard JSON format.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);


/** The manifest's functions, the HTTP API routing to them, the admin user pool and the schedules. */
export class ApiStack extends Stack {
  readonly functions: Record<string, ManifestFunction> = {};
  readonly api: HttpApi;
  readonly apiUrl: string;
  private readonly stage: HttpStage;
  private readonly routeThrottles = new Map<string, { throttle: Throttle; route: HttpRoute }>();

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { stage, manifest, data, web, repoRoot } = props;

    const adminAuthorizer = new HttpUserPoolAuthorizer('AdminAuthorizer', web.users.pool, {
      userPoolClients: [web.users.client],
    });

    this.api = web.httpApi;
    const accessLogs = new LogGroup(this, 'HttpApiAccessLogs', { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
    const defaultStage = new HttpStage(this, 'HttpApiDefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.apiUrl = defaultStage.url;
    this.stage = defaultStage;

    for (const [name, spec] of Object.entries(manifest.functions)) {
      const fn = new ManifestFunction(this, `${pascal(name)}`, { name, spec, stage, data, repoRoot });
      this.functions[name] = fn;
      const integration = new HttpLambdaIntegration(`${pascal(name)}Integration`, fn.fn);
      spec.triggers.forEach((trigger, i) => {
        if (trigger.type === 'http') {
          const authorizer = trigger.auth === 'admin' ? adminAuthorizer : new HttpNoneAuthorizer();
          this.route(`${pascal(name)}Route${i}`, trigger, integration, authorizer);
        } else if (trigger.type === 'schedule') {
          new RateSchedule(this, `${pascal(name)}Schedule${i}`, { fn: fn.fn, rateMinutes: trigger.rateMinutes, description: `${name} (${stage.name})` });
        }
        // Queue triggers are event sources, wired by ManifestFunction.
      });
    }

    const smsLogReceiver = this.functions.receiveSmsDeliveryLogs;
    if (data.deliveryEvents && smsLogReceiver) subscribeSmsLogs(this, data.deliveryEvents.smsLogGroups, smsLogReceiver.fn);

    for (const fn of Object.values(this.functions)) fn.acknowledgeGeneratedFindings();
    this.applyRouteThrottles();
    new PlatformMonitoring(this, 'Monitoring', { stageName: stage.name, api: this.api, queues: data.queues, functions: this.functions });

    new CfnOutput(this, 'ApiUrl', { value: this.apiUrl });
  }

  /** Per-route buckets are stage route settings (a raw map: CloudFormation's own casing); a setting may only name a route that exists first. */
  private applyRouteThrottles(): void {
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Object.fromEntries(
      [...this.routeThrottles].map(([key, { throttle }]) => [key, { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit }]),
    );
    for (const { route } of this.routeThrottles.values()) cfnStage.node.addDependency(route);
  }

  private route(id: string, trigger: HttpTrigger, integration: HttpRouteIntegration, authorizer: IHttpRouteAuthorizer): void {
    const routeKey = trigger.path === '$default' ? HttpRouteKey.DEFAULT : HttpRouteKey.with(trigger.path, HttpMethod[trigger.method]);
    const route = new HttpRoute(this, id, { httpApi: this.api, routeKey, integration, authorizer });
    const throttle = throttleOf(trigger);
    if (throttle) this.routeThrottles.set(routeKeyOf(trigger), { throttle, route });
    if (trigger.auth !== 'admin') {
      const why =
        trigger.auth === 'apiKey'
          ? 'Caller systems authenticate with x-api-key, which the function checks against configuration (seed contract); no API Gateway authorizer.'
          : "The manifest declares this route auth 'none': public by design (e.g. health probe, envelope 404 for unknown paths), there is no caller identity to check.";
      acknowledge(route, { id: 'AwsSolutions-APIG4', reason: why }, { id: 'AwsSolutions-COG4', reason: why });
    }
  }
}
