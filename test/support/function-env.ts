import { resolve } from 'node:path';
import { vi } from 'vitest';
import { functionEnv, type Resolved } from '../../infra/manifest/bindings.ts';
import { manifest, type FunctionName } from '../../infra/manifest/index.ts';
import { REPO_ROOT } from '../../infra/local/platform.ts';

const BINDING_KEY = /^(TABLE|QUEUE|BUCKET|SECRET)_/;

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
