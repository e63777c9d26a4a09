import { bindingEnvKeys } from '#infra/manifest/bindings';
import type { BindingEnvKey } from '#infra/manifest/env-keys';
import type { AppManifest, FunctionName } from '#infra/manifest/index';

// A function's environment is its manifest bindings (SST's "linking types the resource"): the keys
// the stack and the runner set are the keys this type allows, so reading an unbound key does not
// compile, and a binding no function reads is caught by the bundle test (test/integration/
// lambda-bundle.test.ts) through the reads recorded here. The manifest is plain data: importing it
// adds a few KB to a bundle and no infrastructure code.

export type FunctionEnv<N extends FunctionName> = { readonly [K in BindingEnvKey<AppManifest['functions'][N]['bindings']>]: string };

/** Keys each function read, by function name; on globalThis so a test can read it from a bundle. */
const READS = Symbol.for('message-platform.env-reads');
type EnvReads = Map<string, Set<string>>;
const reads = ((globalThis as Record<symbol, unknown>)[READS] ??= new Map()) as EnvReads;

/** The keys of `functionName`'s environment read since its module loaded (tests only). */
export const envReads = (functionName: string): string[] => [...(reads.get(functionName) ?? [])].sort();

/**
 * Checks once, at cold start, that every key `keys` names is set, and returns them as an object
 * whose reads are recorded. A missing key is a deployment bug, so it fails loudly with each one named.
 */
export const boundEnv = (functionName: string, keys: readonly string[], source: NodeJS.ProcessEnv = process.env): Record<string, string> => {
  const missing = keys.filter((key) => !source[key]);
  if (missing.length > 0) throw new Error(`${functionName}: environment is missing ${missing.join(', ')} (bound in infra/manifest)`);
  const read = new Set<string>();
  reads.set(functionName, read);
  const env: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key]!;
    Object.defineProperty(env, key, { enumerable: true, get: () => (read.add(key), value) });
  }
  return Object.freeze(env);
};

/** Set in a bundle to JSON of its function's bound keys by function name (infra/bundling/options.ts); unset when run from source. */
declare const __BOUND_ENV_KEYS__: string | undefined;

/**
 * Run from source (tests, the local runner), the keys come from the manifest itself. In a bundle this
 * branch is dead and the import with it, so a function's cold start does not parse every function's
 * specification (docs/ARCHITECTURE.md → Cold starts).
 */
const manifest = typeof __BOUND_ENV_KEYS__ === 'undefined' ? (await import('#infra/manifest/index')).manifest : undefined;

const boundKeys = (functionName: string): readonly string[] => {
  if (manifest) return bindingEnvKeys(manifest.functions[functionName as FunctionName].bindings);
  const keys = (JSON.parse(__BOUND_ENV_KEYS__!) as Record<string, string[]>)[functionName];
  if (!keys) throw new Error(`${functionName}: this bundle was built for ${Object.keys(JSON.parse(__BOUND_ENV_KEYS__!) as object).join(', ')} (infra/bundling/options.ts)`);
  return keys;
};

/** The environment `functionName`'s manifest bindings give it, typed from those bindings. */
export const functionEnvOf = <N extends FunctionName>(functionName: N, source: NodeJS.ProcessEnv = process.env): FunctionEnv<N> =>
  boundEnv(functionName, boundKeys(functionName), source) as FunctionEnv<N>;
