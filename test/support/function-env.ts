import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { vi } from 'vitest';
import { functionEnv, type Resolved } from '../../infra/manifest/bindings.ts';
import { manifest, type FunctionName } from '../../infra/manifest/index.ts';
import { REPO_ROOT } from '../../infra/local/platform.ts';
import { startSecretsManager } from '../../infra/local/secrets-manager.ts';
import { startSqs } from '../../infra/local/sqs.ts';
import { localAwsEnv, type TestTables } from './tables.ts';

const BINDING_KEY = /^(TABLE|QUEUE|BUCKET|SECRET|SCHEDULER)_/;

/**
 * Imports a function's entry with exactly the environment its stack gives it (api-stack.test.ts pins
 * those keys): no other function's keys are visible while it loads. Its env is read at cold start,
 * so the test's process.env is restored afterwards.
 */
export const importFunction = async <H>(name: FunctionName, resolved: Resolved): Promise<H> => {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (BINDING_KEY.test(key)) delete process.env[key];
  Object.assign(process.env, functionEnv(name, manifest.functions[name], 'test', resolved));
  try {
    vi.resetModules();
    return ((await import(resolve(REPO_ROOT, manifest.functions[name].entry))) as { handler: H }).handler;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
};

/**
 * What the functions of a handler test reach beside DynamoDB Local: an embedded SQS with `queues`
 * and the runner's Secrets Manager, with only what Lambda provides put in process.env (each
 * function's own keys come with importFunction, through `resolved`).
 */
export const localFunctionResources = async (tables: TestTables, queues: (keyof typeof manifest.queues)[], secretId: string) => {
  const secrets = await startSecretsManager([secretId]);
  const sqs = await startSqs({ ...manifest, queues: Object.fromEntries(queues.map((q) => [q, manifest.queues[q]])), functions: {} }, { prefix: `f${randomUUID().slice(0, 6)}` });
  Object.assign(process.env, localAwsEnv(tables.endpoint), {
    AWS_ENDPOINT_URL_SQS: sqs.endpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const resolved: Resolved = {
    table: (name) => tables.name(name as keyof typeof manifest.tables),
    queueUrl: (name) => sqs.queues[name]!.url,
    dlqUrl: (name) => sqs.queues[name]!.dlqUrl,
    bucket: (name) => name,
    secret: () => secretId,
    scheduler: () => ({ groupName: 'test', roleArn: 'arn:aws:iam::000000000000:role/test-scheduler' }),
  };
  return {
    secrets,
    sqs,
    resolved,
    stop: async () => {
      await secrets.stop();
      await sqs.stop();
    },
  };
};
