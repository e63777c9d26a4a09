import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Aspects, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { NotifyOnAlarm } from './constructs/alarm-topic.ts';
import { manifest as appManifest } from './manifest/index.ts';
import type { Manifest } from './manifest/types.ts';
import { ApiStack } from './stacks/api-stack.ts';
import { DataStack } from './stacks/data-stack.ts';
import { readDeployOptions } from './stacks/deploy-options.ts';
import { EdgeStack } from './stacks/edge-stack.ts';
import { stackName, stageConfig, type StageConfig } from './stacks/stage.ts';
import { WebStack } from './stacks/web-stack.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildAppOptions {
  /** dev (default) or prod; otherwise the `stage` context value (`cdk synth -c stage=prod`). */
  stage?: string;
  /** Extra context, e.g. `{ 'aws:cdk:bundling-stacks': [] }` to synthesize without esbuild. */
  context?: Record<string, unknown>;
  /** The admin-web build to deploy; defaults to admin-web/dist. */
  adminWebDir?: string;
  /** Another manifest (tests use a fixture exercising every binding and trigger kind). */
  manifest?: Manifest;
}

/** cdk.json's context (feature flags), so tests synthesize exactly what `cdk synth` does. */
const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> }).context ?? {};

/** The whole deployment for one stage, driven by the manifest. Tests call this without bundling. */
export const buildApp = (options: BuildAppOptions = {}) => {
  const manifest = options.manifest ?? appManifest;
  const app = new App({ context: { ...cdkJsonContext(), ...options.context } });
  const stage = stageConfig(options.stage ?? (app.node.tryGetContext('stage') as string | undefined) ?? 'dev', readDeployOptions((key) => app.node.tryGetContext(key)));
  // Env-agnostic unless the CLI resolved an account and region for the caller.
  const env = { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION };

  const data = new DataStack(app, stackName(stage.name, 'Data'), { env, stage, manifest });
  // A CloudFront web ACL exists only in us-east-1: its own stack, referenced across regions.
  const edge = stage.options.waf ? edgeStack(app, stage, env) : undefined;
  // The web stack comes first: the API's origin, the pool's callback URLs and config.json are its own.
  const web = new WebStack(app, stackName(stage.name, 'Web'), {
    env,
    stage,
    adminWebDir: options.adminWebDir ?? path.join(REPO_ROOT, 'admin-web', 'dist'),
    webAclArn: edge?.webAclArn,
    crossRegionReferences: edge !== undefined,
  });
  const api = new ApiStack(app, stackName(stage.name, 'Api'), { env, stage, manifest, data, web, repoRoot: REPO_ROOT });
  Aspects.of(app).add(new NotifyOnAlarm(data.alarms.topic));
  Tags.of(app).add('project', 'message-platform');
  Tags.of(app).add('stage', stage.name);
  return { app, data, api, web, edge };
};

const edgeStack = (app: App, stage: StageConfig, env: { account?: string; region?: string }): EdgeStack => {
  if (!env.region) throw new Error('-c waf=true needs the target region known at synth (set AWS_REGION or use a profile with a region): the web ACL is referenced from us-east-1.');
  return new EdgeStack(app, stackName(stage.name, 'Edge'), { env: { account: env.account, region: 'us-east-1' }, stage, crossRegionReferences: true });
};

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isEntry) {
  const { app } = buildApp();
  // cdk-nag v3 is a policy-validation plugin (no longer an Aspect): any finding fails synth.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  app.synth();
}
