import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { envKey, functionEnv, queueTriggers, type Resolved } from '../manifest/bindings.ts';
import type { Manifest } from '../manifest/types.ts';
import { webConfig } from '../../layers/contracts/web-config.ts';
import { compileRoute } from './api-events.ts';
import { startDynamo, type LocalDynamo } from './dynamodb.ts';
import { FunctionHost } from './function-host.ts';
import { createLocalClock } from './local-clock.ts';
import { startHttpServer } from './http-server.ts';
import { createLocalAuth } from './local-auth.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION, localCredentials } from './local-aws.ts';
import { startPoller, type Poller } from './queue-pollers.ts';
import { providerSecretPrefix } from '#contracts/provider-secrets';
import { startLocalScheduler, type LocalScheduler } from './scheduler.ts';
import { startSecretsManager } from './secrets-manager.ts';
import { startS3, type LocalS3 } from './s3.ts';
import { startSqs, type LocalSqs } from './sqs.ts';
import { startDemoCallbackReceiver, type DemoCallbackReceiver } from './demo/callback-receiver.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const LOCAL_STAGE = 'local';

export interface SeedContext {
  dynamo: LocalDynamo;
  sqs: LocalSqs;
  s3: LocalS3;
  resolved: Resolved;
  /** Environment a function would get, for seeders that reuse the functions' own adapters. */
  env: Record<string, string>;
}

export interface PlatformOptions {
  manifest: Manifest;
  port?: number;
  host?: string;
  /** Persist DynamoDB data here; in memory when absent. */
  dataDir?: string;
  /** Runs once, on the first start of a data directory (always, in memory). */
  seed?: (context: SeedContext) => Promise<void>;
  /** Milliseconds between schedule runs; defaults to the manifest's rate. */
  scheduleIntervalMs?: (functionName: string, rateMinutes: number) => number;
  /** Where function logs go; by default warnings and errors reach stderr and INFO is muted unless VERBOSE=1. */
  onLog?: (functionName: string, line: string) => void;
  webDir?: string;
  /**
   * Lets a caller put something between the functions and a local endpoint (the bench's counting
   * proxies); the functions only see a different AWS_ENDPOINT_URL_*.
   */
  interpose?: (service: 'dynamodb' | 'sqs', endpoint: string) => Promise<string>;
  /**
   * Runs the functions (and the schedules' event times) on a clock this far ahead of real time, which
   * `advanceClock` moves on: fault drills and tests that need stale claims or due rescans now.
   */
  clockOffsetMs?: number;
  /** Start the demo callback receiver and point OUTPLATFORM's callback URL at it (npm start). */
  demoCallbacks?: boolean;
  /**
   * Queues of the "account" outside the manifest, created at every start (the embedded SQS keeps
   * nothing): MQ target queues (hcmsg-target-…) a downstream team would have created in AWS.
   */
  targetQueues?: readonly string[];
}

export interface LocalPlatform {
  url: string;
  port: number;
  dynamo: LocalDynamo;
  sqs: LocalSqs;
  s3: LocalS3;
  resolved: Resolved;
  hosts: Record<string, FunctionHost>;
  envOf: (functionName: string) => Record<string, string>;
  /** What Lambda itself provides a function (region, credentials, the local endpoints): envOf without the stack's keys. */
  runtimeEnvOf: (functionName: string) => Record<string, string>;
  /**
   * Loads the functions' modules now, one after the other (the first listed first), so their first
   * invocations are warm, as with provisioned concurrency. Resolves when all are loaded, or with
   * `only`, when the listed ones are (about a second each here: a drill needs three, not forty).
   */
  warm: (first?: string[], options?: { only?: boolean }) => Promise<void>;
  /** One-time schedules (scheduled sends) waiting to fire on the functions' clock. */
  scheduler: LocalScheduler;
  /** Moves the functions' clock forward (only when started with `clockOffsetMs`). */
  advanceClock: (ms: number) => void;
  /** The demo callback receiver, when started with demoCallbacks. */
  callbacks?: DemoCallbackReceiver;
  stop: () => Promise<void>;
}

const defaultLog = (functionName: string, line: string): void => {
  if (process.env.VERBOSE === '1' || !line.startsWith('{') || /"level":"(WARN|ERROR|CRITICAL)"/.test(line)) {
    process.stderr.write(`[${functionName}] ${line}\n`);
  }
};

/**
 * The embedded platform: DynamoDB Local, an in-process SQS endpoint, the API on a local HTTP server,
 * queue pollers and schedules — all driven by the same manifest as the CDK stacks, running the same
 * handler modules with the same environment keys, only the endpoints switched.
 */
export const startLocalPlatform = async (options: PlatformOptions): Promise<LocalPlatform> => {
  const { manifest } = options;
  const prefix = 'mp';
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const log = options.onLog ?? defaultLog;
    const dynamo = await startDynamo(manifest, {
      ...(options.dataDir ? { dataDir: resolve(options.dataDir, 'dynamodb') } : {}),
      prefix,
      onNotice: (line) => log('dynamodb', line),
    });
    cleanups.push(dynamo.stop);
    const sqs = await startSqs(manifest, { prefix });
    cleanups.push(sqs.stop);
    for (const name of options.targetQueues ?? []) await sqs.createQueue(name);
    const s3 = await startS3(
      Object.keys(manifest.buckets).map((name) => `${prefix}-${name.toLowerCase()}`),
      options.dataDir ? { dataDir: resolve(options.dataDir, 's3') } : {},
    );
    cleanups.push(s3.stop);

    const resolved: Resolved = {
      table: (name) => dynamo.tableName(name),
      queueUrl: (name) => sqs.queues[name]!.url,
      dlqUrl: (name) => sqs.queues[name]!.dlqUrl,
      // S3 bucket names are lower case.
      bucket: (name) => `${prefix}-${name.toLowerCase()}`,
      secret: (name) => `${prefix}/${name}`,
      scheduler: () => ({ groupName: `${prefix}-schedules`, roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${prefix}-scheduler` }),
    };
    const secrets = await startSecretsManager(Object.keys(manifest.secrets).map(resolved.secret), {
      ...(options.dataDir ? { file: resolve(options.dataDir, 'secrets.json') } : {}),
      // A send type naming a provider secret works locally (a generated key, editable in secrets.json).
      generateUnder: providerSecretPrefix(LOCAL_STAGE),
    });
    cleanups.push(secrets.stop);
    const functionsClock = { now: () => new Date() };
    // One-time schedules (scheduled sends) fire on the functions' clock, to the runner's queues.
    const queueUrlByName = new Map(Object.values(sqs.queues).map((q) => [q.arn.split(':').pop(), q.url]));
    const scheduler = await startLocalScheduler({
      now: () => functionsClock.now(),
      deliver: async (arn, body) => {
        const url = queueUrlByName.get(arn.split(':').pop());
        if (!url) throw new Error(`no local queue ${arn}`);
        await sqs.client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
      },
    });
    cleanups.push(scheduler.stop);
    const dynamoEndpoint = options.interpose ? await options.interpose('dynamodb', dynamo.endpoint) : dynamo.endpoint;
    const sqsEndpoint = options.interpose ? await options.interpose('sqs', sqs.endpoint) : sqs.endpoint;
    // The SDK sends SQS calls to the queue URL's host, so an interposed endpoint must appear in the
    // URLs the functions are given, not only in AWS_ENDPOINT_URL_SQS.
    const viaEndpoint = (url: string) => url.replace(sqs.endpoint, sqsEndpoint);
    const functionsSee: Resolved = {
      ...resolved,
      queueUrl: (name) => viaEndpoint(resolved.queueUrl(name)),
      dlqUrl: (name) => viaEndpoint(resolved.dlqUrl(name)),
    };
    // What the Lambda runtime provides, plus the standard service-specific endpoint variables.
    const runtimeEnv = (functionName: string, memoryMb: number): Record<string, string> => ({
      AWS_REGION: LOCAL_REGION,
      AWS_DEFAULT_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memoryMb),
      AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
      AWS_ENDPOINT_URL_SQS: sqsEndpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      AWS_ENDPOINT_URL_SCHEDULER: scheduler.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      TZ: 'UTC',
      // Lambda runs Node 22, where the SDK has nothing to warn about; this machine may run Node 20.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    const envOf = (functionName: string): Record<string, string> => {
      const spec = manifest.functions[functionName]!;
      return { ...runtimeEnv(functionName, spec.memoryMb), ...functionEnv(functionName, spec, LOCAL_STAGE, functionsSee) };
    };

    if (options.seed) {
      const tables = Object.fromEntries(Object.keys(manifest.tables).map((t) => [envKey.table(t), resolved.table(t)]));
      await options.seed({ dynamo, sqs, s3, resolved, env: { ...runtimeEnv('seed', 512), ...tables } });
    }

    let callbacks: DemoCallbackReceiver | undefined;
    if (options.demoCallbacks) {
      callbacks = await startDemoCallbackReceiver({
        doc: DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } }),
        tables: { config: resolved.table('config'), audit: resolved.table('audit') },
        secretsEndpoint: secrets.endpoint,
        callbackKeyId: resolved.secret('callbackKey'),
        log: (line) => log('callbacks', line),
      });
      cleanups.push(callbacks.stop);
    }

    const clock = options.clockOffsetMs === undefined ? undefined : createLocalClock(options.clockOffsetMs);
    if (clock) functionsClock.now = clock.now;
    const advanceClock = (ms: number) => {
      if (!clock) throw new Error('advanceClock needs a platform started with clockOffsetMs');
      clock.advance(ms);
    };
    const hosts: Record<string, FunctionHost> = {};
    for (const [name, spec] of Object.entries(manifest.functions)) {
      hosts[name] = new FunctionHost(name, spec, envOf(name), REPO_ROOT, (fn, chunk) => {
        for (const line of chunk.split('\n')) if (line.trim()) log(fn, line);
      }, clock?.shared);
    }
    cleanups.push(async () => {
      await Promise.all(Object.values(hosts).map((h) => h.stop()));
    });

    const pollers: Poller[] = [];
    for (const [name, spec] of Object.entries(manifest.functions)) {
      for (const trigger of queueTriggers(spec)) {
        pollers.push(startPoller(sqs.client, sqs.queues[trigger.queue]!, trigger, hosts[name]!, (line) => log(name, line)));
      }
    }
    cleanups.push(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
    });

    const timers: NodeJS.Timeout[] = [];
    for (const [name, spec] of Object.entries(manifest.functions)) {
      for (const trigger of spec.triggers) {
        if (trigger.type !== 'schedule') continue;
        const every = options.scheduleIntervalMs?.(name, trigger.rateMinutes) ?? trigger.rateMinutes * 60_000;
        timers.push(
          setInterval(() => {
            const event = {
              version: '0',
              id: crypto.randomUUID(),
              'detail-type': 'Scheduled Event',
              source: 'aws.scheduler',
              account: LOCAL_ACCOUNT,
              time: (clock?.now() ?? new Date()).toISOString(),
              region: LOCAL_REGION,
              resources: [`arn:aws:scheduler:${LOCAL_REGION}:${LOCAL_ACCOUNT}:schedule/default/${name}`],
              detail: {},
            } satisfies ScheduledEvent;
            hosts[name]!.invoke(event).catch((error: Error) => log(name, `schedule failed: ${error.message}`));
          }, every),
        );
      }
    }
    cleanups.push(async () => timers.forEach(clearInterval));

    const routes = Object.entries(manifest.functions).flatMap(([name, spec]) =>
      spec.triggers.flatMap((t) => (t.type === 'http' ? [compileRoute(name, t)] : [])),
    );
    const host = options.host ?? '127.0.0.1';
    const server: Server = await startHttpServer(
      {
        routes,
        hosts,
        auth: createLocalAuth(),
        webDir: options.webDir ?? resolve(REPO_ROOT, 'admin-web/dist'),
        webConfig: webConfig.parse({ stage: LOCAL_STAGE, apiUrl: '', auth: { mode: 'local' } }),
      },
      options.port ?? 3000,
      host,
    );
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    );
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : (options.port ?? 3000);
    const warm = async (first: string[] = [], { only = false } = {}) => {
      for (const name of [...first, ...(only ? [] : Object.keys(hosts).filter((n) => !first.includes(n)))]) {
        await hosts[name]?.warm().catch((error: Error) => log(name, `warm-up failed: ${error.message}`));
      }
    };
    const runtimeEnvOf = (functionName: string) => runtimeEnv(functionName, manifest.functions[functionName]!.memoryMb);
    return { url: `http://${host}:${port}`, port, dynamo, sqs, s3, resolved, hosts, envOf, runtimeEnvOf, warm, scheduler, advanceClock, ...(callbacks ? { callbacks } : {}), stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
};
