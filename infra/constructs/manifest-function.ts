import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { ArnFormat, AssetHashType, DockerImage, Duration, Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { MQ_TARGET_QUEUE_PREFIX } from '#contracts/mq-targets';
import { providerSecretPrefix } from '#contracts/provider-secrets';
import { functionEnv, queueTriggers } from '../manifest/bindings.ts';
import { LAMBDA_HANDLER, lambdaBuildOptions } from '../bundling/options.ts';
import type { FunctionSpec } from '../manifest/types.ts';
import type { DataStack } from '../stacks/data-stack.ts';
import type { StageConfig } from '../stacks/stage.ts';
import { grantBindings } from './bind-resources.ts';
import { reservedConcurrencyOf } from './route-throttles.ts';
import { serviceGrant } from './service-grants.ts';
import { BASIC_EXECUTION_ROLE, acknowledge, acknowledgeManagedPolicies, acknowledgeWildcards, type FindingAllowance } from './nag.ts';

/**
 * The function's code: bundled here with infra/bundling/options.ts (code splitting, which
 * NodejsFunction cannot do), hashed by its output so an unchanged function is not redeployed.
 * Synth without bundling (tests: `aws:cdk:bundling-stacks`) skips tryBundle.
 */
const bundledCode = (repoRoot: string, entry: string): Code =>
  Code.fromAsset(repoRoot, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Part of the staging cache key: without it every function would share the first one's bundle.
      environment: { LAMBDA_ENTRY: entry },
      // Only if local bundling fails (it does not: esbuild is a dependency); never pulled otherwise.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      local: {
        tryBundle: (outputDir: string) => {
          buildSync(lambdaBuildOptions(path.join(repoRoot, entry), outputDir));
          return true;
        },
      },
    },
  });

export interface ManifestFunctionProps {
  name: string;
  spec: FunctionSpec;
  stage: StageConfig;
  data: DataStack;
  repoRoot: string;
}


/** One manifest function: the Lambda, its log group, env and grants from its bindings, its queue triggers. */
export class ManifestFunction extends Construct {
  readonly fn: LambdaFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, private readonly props: ManifestFunctionProps) {
    super(scope, id);
    const { name, spec, stage, data, repoRoot } = props;

    this.logGroup = new LogGroup(this, 'LogGroup', { retention: stage.logRetention, removalPolicy: stage.removalPolicy });
    const environment = functionEnv(name, spec, stage.name, data.resolved());
    this.fn = new LambdaFunction(this, 'Function', {
      description: `${name} (${stage.name})`,
      code: bundledCode(repoRoot, spec.entry),
      handler: LAMBDA_HANDLER,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      reservedConcurrentExecutions: stage.options.reservedConcurrency ? reservedConcurrencyOf(spec) : undefined,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      // Reading the source maps costs each cold start (bench: coldstart): only where the stage asks.
      environment: stage.options.sourceMaps ? { ...environment, NODE_OPTIONS: '--enable-source-maps' } : environment,
    });

    grantBindings(this.fn, spec.bindings, data);
    (spec.bindings.services ?? []).forEach((service, i) => {
      // Actions on resources we do not own (SNS SMS, SES identities): as narrow as the service allows.
      const { statement, allowances } = serviceGrant(this, service, stage);
      const policy = new Policy(this, `ServicesPolicy${i}`, { statements: [statement] });
      this.fn.role!.attachInlinePolicy(policy);
      acknowledgeWildcards(policy, allowances);
    });

    if (spec.bindings.providerSecrets) this.grantProviderSecrets(stage);
    if (spec.bindings.scheduler) this.grantScheduler(data);
    if (spec.bindings.mqTargets) this.grantMqTargets();

    for (const trigger of queueTriggers(spec)) {
      const pair = data.queues[trigger.queue];
      if (!pair) throw new Error(`Function ${name}: trigger refers to unknown queue "${trigger.queue}"`);
      this.fn.addEventSource(
        new SqsEventSource(pair.queue, {
          batchSize: trigger.batchSize,
          maxConcurrency: trigger.maxConcurrency,
          reportBatchItemFailures: true,
          // Lambda requires a batching window for batches above 10.
          maxBatchingWindow: trigger.batchSize > 10 ? Duration.seconds(1) : undefined,
        }),
      );
    }

    new Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `Function ${name} reports errors`,
      metric: this.fn.metricErrors({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /**
   * Provider secrets are created by operators (one per gateway account, named in a send type's
   * settings), so there is no construct of ours to grant on: read-only, on the stage's prefix only.
   */
  /** Create and delete schedules in the stage's schedule group only, and hand Scheduler its role. */
  private grantScheduler(data: DataStack): void {
    const policy = new Policy(this, 'SchedulerPolicy', {
      statements: [
        new PolicyStatement({
          actions: ['scheduler:CreateSchedule', 'scheduler:DeleteSchedule', 'scheduler:GetSchedule'],
          resources: [Stack.of(this).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${data.scheduleGroup.ref}/*` })],
        }),
        new PolicyStatement({ actions: ['iam:PassRole'], resources: [data.schedulerRole.roleArn] }),
      ],
    });
    this.fn.role!.attachInlinePolicy(policy);
    acknowledgeWildcards(policy, [
      {
        finding: /^Resource::arn:.+:scheduler:.+:schedule\/.+\/\*$/,
        reason: 'Scheduled sends create one schedule per request (its name derived from the request); the wildcard is the schedules of this stage\'s own schedule group only.',
      },
    ]);
  }

  /**
   * MQ target queues are created by downstream teams after the deploy, so there is no construct of
   * ours to grant on: find by name and send, on queues of this account and region named by the convention.
   */
  private grantMqTargets(): void {
    const policy = new Policy(this, 'MqTargetsPolicy', {
      statements: [
        new PolicyStatement({
          actions: ['sqs:GetQueueUrl', 'sqs:SendMessage'],
          resources: [Stack.of(this).formatArn({ service: 'sqs', resource: `${MQ_TARGET_QUEUE_PREFIX}*`, arnFormat: ArnFormat.NO_RESOURCE_NAME })],
        }),
      ],
    });
    this.fn.role!.attachInlinePolicy(policy);
    acknowledgeWildcards(policy, [
      {
        finding: new RegExp(`^Resource::arn:.+:sqs:.+:${MQ_TARGET_QUEUE_PREFIX}\\*$`),
        reason: `MQ send types target downstream queues created after the deploy (no redeploy per target); the wildcard is the queues of this account and region named ${MQ_TARGET_QUEUE_PREFIX}…, find-by-name and send only.`,
      },
    ]);
  }

  private grantProviderSecrets(stage: StageConfig): void {
    const prefix = providerSecretPrefix(stage.name);
    const policy = new Policy(this, 'ProviderSecretsPolicy', {
      statements: [
        new PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [Stack.of(this).formatArn({ service: 'secretsmanager', resource: 'secret', arnFormat: ArnFormat.COLON_RESOURCE_NAME, resourceName: `${prefix}*` })],
        }),
      ],
    });
    this.fn.role!.attachInlinePolicy(policy);
    acknowledgeWildcards(policy, [
      {
        finding: /^Resource::arn:.+:secretsmanager:.+:secret:message-platform\/[a-z0-9-]+\/providers\/\*$/,
        reason: `Provider secrets (HTTP_SMS signing keys) are created by operators under ${prefix} and named in send type settings; the wildcard is that prefix of this stage only (the trailing * also covers the random suffix Secrets Manager adds to ARNs), read-only.`,
      },
    ]);
  }

  /**
   * Explains the findings the L2 constructs generate for this function. Call once every grant to its
   * role is made: each wildcard is acknowledged on its own, so an unexplained one still fails synth.
   */
  acknowledgeGeneratedFindings(): void {
    const { spec } = this.props;
    acknowledge(this.fn, {
      id: 'AwsSolutions-L1',
      reason: 'nodejs22.x is the runtime the design fixes (bundles target node22); a runtime upgrade is a planned, tested change.',
    });
    const role = this.fn.role!;
    acknowledgeManagedPolicies(role, [
      { finding: BASIC_EXECUTION_ROLE, reason: "AWSLambdaBasicExecutionRole only allows writing the function's own CloudWatch Logs streams." },
    ]);
    const allowances: FindingAllowance[] = [
      { finding: /^Resource::\*$/, reason: 'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions.' },
    ];
    if (Object.keys(spec.bindings.tables ?? {}).length > 0 || (spec.bindings.probes?.tables ?? []).length > 0) {
      allowances.push({
        finding: /^Resource::.+\/index\/\*$/,
        reason: "Queries on a bound table's GSIs: the DynamoDB grant covers <table-arn>/index/* of that table only.",
      });
    }
    if (Object.keys(spec.bindings.buckets ?? {}).length > 0) {
      const reason = 'Objects of a bound bucket: the S3 grant names action families (s3:GetObject*, …) on <bucket-arn>/* of that bucket only.';
      allowances.push({ finding: /^Action::s3:[A-Za-z]+\*$/, reason }, { finding: /^Resource::.+\/\*$/, reason });
    }
    const defaultPolicy = role.node.tryFindChild('DefaultPolicy');
    if (defaultPolicy) acknowledgeWildcards(defaultPolicy, allowances);
  }
}
