import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, CloudWatchLogsEvent, ScheduledEvent, SQSEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENTRY_FILE, lambdaBuildOptions } from '../../infra/bundling/options.ts';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { REPO_ROOT, startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import type { FunctionSpec } from '../../infra/manifest/types.ts';
import { adminEvent } from '../support/admin-events.ts';
import { scheduledEvent } from '../support/fakes/delivery-handler-env.ts';
import { httpEvent } from '../support/fakes/intake-handler-env.ts';
import { dataRefs, logicalId, synth, SYNTH_TIMEOUT_MS, type Json, type Synth } from '../infra/synth.ts';

// What is deployed is the bundle, not the TypeScript the other tests import: every function is
// bundled with the api stack's options (the SDK inside, its credential chain reduced to Lambda's
// environment variables) and run in a fresh Node process with exactly the environment the api stack
// gives it — the keys of the synthesized template, each resource reference pointed at the local
// platform's copy of that resource — then invoked once.

const run = promisify(execFile);
/** Keys every function gets for Lambda and Powertools, not from a binding, so not read through functionEnvOf. */
const NOT_BOUND = new Set(['STAGE', 'POWERTOOLS_SERVICE_NAME']);
const names = Object.keys(manifest.functions);

/** The synthesized environment with each data-stack reference replaced by the local resource it names. */
const stackEnv = (s: Synth, platform: LocalPlatform, name: string): { env: Record<string, string>; bound: string[] } => {
  const local = new Map<string, string>();
  const { resolved } = platform;
  for (const [n, table] of Object.entries(s.data.tables)) local.set(logicalId(table), resolved.table(n));
  for (const [n, pair] of Object.entries(s.data.queues)) {
    local.set(logicalId(pair.queue), resolved.queueUrl(n));
    local.set(logicalId(pair.dlq), resolved.dlqUrl(n));
  }
  for (const [n, bucket] of Object.entries(s.data.buckets)) local.set(logicalId(bucket), resolved.bucket(n));
  for (const [n, secret] of Object.entries(s.data.secrets)) local.set(logicalId(secret), resolved.secret(n));
  // Scheduled sends: the stage's schedule group and the role EventBridge Scheduler assumes.
  local.set(logicalId(s.data.scheduleGroup), resolved.scheduler().groupName);
  local.set(logicalId(s.data.schedulerRole), resolved.scheduler().roleArn);

  const fn = (s.json.api.Resources as Json)[logicalId(s.api.functions[name]!.fn)];
  const env: Record<string, string> = {};
  const bound: string[] = [];
  for (const [key, value] of Object.entries(fn.Properties.Environment.Variables as Json)) {
    if (!NOT_BOUND.has(key)) bound.push(key);
    if (typeof value === 'string') {
      env[key] = value;
      continue;
    }
    const refs = [...dataRefs(value, s.json.data)];
    expect(refs, `${name} ${key}`).toHaveLength(1);
    env[key] = local.get(refs[0]!)!;
  }
  return { env, bound: bound.sort() };
};

/** A minimal event of the function's first trigger, as its source would send it. */
const firstEvent = (spec: FunctionSpec): APIGatewayProxyEventV2 | SQSEvent | ScheduledEvent | CloudWatchLogsEvent => {
  const trigger = spec.triggers[0];
  // No trigger of its own: a CloudWatch Logs subscription invokes it (SNS SMS delivery-status logs), with no log lines yet.
  if (!trigger) return { awslogs: { data: gzipSync(JSON.stringify({ messageType: 'DATA_MESSAGE', owner: '000000000000', logGroup: 'sns/test', logStream: 's', subscriptionFilters: ['f'], logEvents: [] })).toString('base64') } };
  if (trigger.type === 'queue') return { Records: [] };
  if (trigger.type === 'schedule') return scheduledEvent(new Date());
  const path = trigger.path === '$default' ? '/api/nowhere' : trigger.path.replace(/\{(\w+)\+?\}/g, '$1');
  const method = trigger.method === 'ANY' ? 'GET' : trigger.method;
  const routeKey = trigger.path === '$default' ? '$default' : `${trigger.method} ${trigger.path}`;
  if (trigger.auth === 'admin') return { ...adminEvent(method === 'PATCH' ? 'PUT' : method, path, { role: 'viewer' }), routeKey };
  return httpEvent(method === 'POST' ? 'POST' : 'GET', path, { routeKey, ...(trigger.auth === 'apiKey' ? { apiKey: DEMO_API_KEY } : {}), ...(method === 'POST' ? { body: '{}' } : {}) });
};

interface Outcome {
  result?: { statusCode?: number; body?: string; batchItemFailures?: unknown[] } | null;
  error?: string;
  reads: string[];
}

describe('every function as deployed (the esbuild bundle)', () => {
  let platform: LocalPlatform;
  let s: Synth;
  const dir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));

  beforeAll(async () => {
    s = synth({ stage: 'dev' });
    platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, onLog: () => undefined });
    // Each function as the api stack builds it: its own index.mjs and chunks (code splitting).
    await Promise.all(names.map((name) => build(lambdaBuildOptions(join(REPO_ROOT, manifest.functions[name as keyof typeof manifest.functions].entry), join(dir, name)))));
  }, SYNTH_TIMEOUT_MS);
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const invoke = async (name: string, env: Record<string, string>, event: unknown): Promise<Outcome> => {
    const script = join(dir, `invoke-${name}.mjs`);
    // Functions log to stdout, as in Lambda: the outcome goes to a file of its own.
    const outFile = join(dir, `outcome-${name}.json`);
    writeFileSync(
      script,
      `const out = { reads: [] };
try {
  const { handler } = await import('./${name}/${LAMBDA_ENTRY_FILE}');
  out.result = await handler(${JSON.stringify(event)}, { functionName: '${name}', awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 10_000 });
} catch (error) {
  out.error = String(error?.stack ?? error);
}
// Chunks a later path imports (a provider, exceljs): each must load from the deployed files alone.
const { readdirSync, existsSync } = await import('node:fs');
const chunks = new URL('./${name}/chunks/', import.meta.url);
for (const chunk of existsSync(chunks) ? readdirSync(chunks).filter((f) => f.endsWith('.mjs')) : []) {
  try {
    await import(new URL(chunk, chunks).href);
  } catch (error) {
    out.error ??= 'chunk ' + chunk + ': ' + String(error?.stack ?? error);
  }
}
out.reads = [...(globalThis[Symbol.for('message-platform.env-reads')]?.get('${name}') ?? [])].sort();
(await import('node:fs')).writeFileSync(${JSON.stringify(outFile)}, JSON.stringify(out));`,
    );
    await run(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...env } });
    return JSON.parse(readFileSync(outFile, 'utf8')) as Outcome;
  };

  it.each(names)('%s starts with the environment its stack gives, answers one event and reads every key it is bound to', async (name) => {
    const spec = manifest.functions[name as keyof typeof manifest.functions];
    const { env, bound } = stackEnv(s, platform, name);
    const outcome = await invoke(name, { ...platform.runtimeEnvOf(name), ...env }, firstEvent(spec));

    expect(outcome.error).toBeUndefined();
    const trigger = spec.triggers[0];
    if (trigger?.type === 'http') expect(outcome.result?.statusCode, outcome.result?.body).toBeLessThan(500);
    if (trigger?.type === 'queue') expect(outcome.result).toEqual({ batchItemFailures: [] });
    // A key the function does not read is a grant it does not need (least privilege).
    expect(outcome.reads, `${name}: bound in infra/manifest but never read`).toEqual(bound);
  });

  // Opening process.stdout or process.stderr costs a cold start some 5 M instructions each; an import of
  // node:process opens both (and stdin) by building its namespace. Neither is needed before a line is written.
  it.each(names)('%s opens no standard stream while it loads', async (name) => {
    const { env } = stackEnv(s, platform, name);
    const script = join(dir, `load-${name}.mjs`);
    const outFile = join(dir, `streams-${name}.json`);
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';
const opened = [];
for (const stream of ['stdin', 'stdout', 'stderr']) {
  const real = Object.getOwnPropertyDescriptor(process, stream);
  Object.defineProperty(process, stream, { configurable: true, get() { opened.push(stream); return real.get.call(process); } });
}
await import('./${name}/${LAMBDA_ENTRY_FILE}');
writeFileSync(${JSON.stringify(outFile)}, JSON.stringify(opened));`,
    );
    // The SDK warns Node 20 (this machine's) of its end of support on stderr; Lambda runs Node 22.
    const quiet = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    await run(process.execPath, [script], { env: { PATH: process.env.PATH ?? '', ...platform.runtimeEnvOf(name), ...env, ...quiet } });
    expect(JSON.parse(readFileSync(outFile, 'utf8'))).toEqual([]);
  });

  it('signs its DynamoDB calls with the credentials Lambda puts in the environment and answers in the envelope', async () => {
    const event = httpEvent('GET', '/api/hcmsg/requests/NO-SUCH', {
      apiKey: DEMO_API_KEY,
      routeKey: 'GET /api/hcmsg/requests/{requestNo}',
      pathParameters: { requestNo: 'NO-SUCH' },
    });
    const { env } = stackEnv(s, platform, 'getRequestStatus');
    const outcome = await invoke('getRequestStatus', { ...platform.runtimeEnvOf('getRequestStatus'), ...env }, event);
    // Found the API key (a signed DynamoDB read) and looked the request up (another): 404, not a 500.
    expect(outcome.result?.statusCode).toBe(404);
    expect(JSON.parse(outcome.result!.body!)).toMatchObject({ head: { retFlag: '50001' } });
  });

  it('names the missing key when its environment lacks one', async () => {
    const { env } = stackEnv(s, platform, 'sendMessage');
    delete env.QUEUE_REQUEST_GREEN_URL;
    const outcome = await invoke('sendMessage', { ...platform.runtimeEnvOf('sendMessage'), ...env }, firstEvent(manifest.functions.sendMessage));
    expect(outcome.error).toContain('sendMessage: environment is missing QUEUE_REQUEST_GREEN_URL');
  });
});
