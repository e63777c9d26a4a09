import { providerSecretPrefix } from '#contracts/provider-secrets';
import { envKey } from './env-keys.ts';
import type { Bindings, FunctionSpec, Manifest, QueueTrigger } from './types.ts';

// The environment a function's bindings give, used by the CDK stacks, the local runner and the
// function itself (layers/runtime/env.ts), so a function reads the same keys wherever it runs.
export { envKey };

/** Keys every function gets, whatever it binds. */
export const commonEnv = (functionName: string, stage: string): Record<string, string> => ({
  STAGE: stage,
  POWERTOOLS_SERVICE_NAME: functionName,
});

/** Physical identifiers a deployment (or the runner) resolved for the manifest's resources. */
export interface Resolved {
  table: (name: string) => string;
  queueUrl: (name: string) => string;
  dlqUrl: (name: string) => string;
  bucket: (name: string) => string;
  secret: (name: string) => string;
  /** The stage's schedule group and the role EventBridge Scheduler assumes to send to the request queues. */
  scheduler: () => { groupName: string; roleArn: string };
}

/** The keys `bindingEnv` sets, without resolving anything: what a function checks at cold start. */
export const bindingEnvKeys = (bindings: Bindings): string[] => {
  const marker: Resolved = { table: String, queueUrl: String, dlqUrl: String, bucket: String, secret: String, scheduler: () => ({ groupName: 'group', roleArn: 'role' }) };
  return [...Object.keys(bindingEnv({ bindings }, marker)), ...(bindings.providerSecrets ? ['PROVIDER_SECRET_PREFIX'] : [])];
};

export const bindingEnv = (fn: Pick<FunctionSpec, 'bindings'>, resolved: Resolved): Record<string, string> => {
  const env: Record<string, string> = {};
  const b = fn.bindings;
  for (const name of Object.keys(b.tables ?? {})) env[envKey.table(name)] = resolved.table(name);
  for (const name of b.queues ?? []) env[envKey.queueUrl(name)] = resolved.queueUrl(name);
  for (const name of b.queueAdmin ?? []) {
    env[envKey.queueUrl(name)] = resolved.queueUrl(name);
    env[envKey.dlqUrl(name)] = resolved.dlqUrl(name);
  }
  for (const name of Object.keys(b.buckets ?? {})) env[envKey.bucket(name)] = resolved.bucket(name);
  for (const name of b.secrets ?? []) env[envKey.secret(name)] = resolved.secret(name);
  for (const name of b.probes?.tables ?? []) env[envKey.table(name)] = resolved.table(name);
  for (const name of b.probes?.queues ?? []) env[envKey.queueUrl(name)] = resolved.queueUrl(name);
  if (b.scheduler) {
    const { groupName, roleArn } = resolved.scheduler();
    env.SCHEDULER_GROUP_NAME = groupName;
    env.SCHEDULER_ROLE_ARN = roleArn;
  }
  return env;
};

export const functionEnv = (
  functionName: string,
  fn: FunctionSpec,
  stage: string,
  resolved: Resolved,
): Record<string, string> => ({
  ...commonEnv(functionName, stage),
  ...bindingEnv(fn, resolved),
  ...(fn.bindings.providerSecrets ? { PROVIDER_SECRET_PREFIX: providerSecretPrefix(stage) } : {}),
});

/** The consumer of a queue, if any: its timeout sets the queue's visibility timeout. */
export const consumerOf = (manifest: Manifest, queue: string): FunctionSpec | undefined =>
  Object.values(manifest.functions).find((fn) =>
    fn.triggers.some((t) => t.type === 'queue' && t.queue === queue),
  );

/** AWS guidance: visibility timeout ≥ 6 × the consuming function's timeout. */
export const visibilityTimeoutSeconds = (manifest: Manifest, queue: string): number => {
  const consumer = consumerOf(manifest, queue);
  if (consumer) return consumer.timeoutSeconds * 6;
  return manifest.queues[queue]?.visibilityTimeoutSeconds ?? 30;
};

export const queueTriggers = (fn: FunctionSpec): QueueTrigger[] =>
  fn.triggers.filter((t): t is QueueTrigger => t.type === 'queue');
