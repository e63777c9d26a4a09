import { providerSecretPrefix } from '#contracts/provider-secrets';
import type { FunctionSpec, Manifest, QueueTrigger } from './types.ts';

// One naming rule for the environment a binding provides, used by the CDK stacks and the local
// runner alike, so a function reads the same keys wherever it runs.

const constant = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();

export const envKey = {
  table: (name: string) => `TABLE_${constant(name)}`,
  queueUrl: (name: string) => `QUEUE_${constant(name)}_URL`,
  dlqUrl: (name: string) => `QUEUE_${constant(name)}_DLQ_URL`,
  bucket: (name: string) => `BUCKET_${constant(name)}`,
  secret: (name: string) => `SECRET_${constant(name)}_ID`,
};

/** Keys every function gets, whatever it binds. */
export const commonEnv = (functionName: string, stage: string): Record<string, string> => ({
  STAGE: stage,
  POWERTOOLS_SERVICE_NAME: functionName,
  POWERTOOLS_METRICS_NAMESPACE: 'MessagePlatform',
  NODE_OPTIONS: '--enable-source-maps',
});

/** Physical identifiers a deployment (or the runner) resolved for the manifest's resources. */
export interface Resolved {
  table: (name: string) => string;
  queueUrl: (name: string) => string;
  dlqUrl: (name: string) => string;
  bucket: (name: string) => string;
  secret: (name: string) => string;
}

export const bindingEnv = (fn: FunctionSpec, resolved: Resolved): Record<string, string> => {
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
