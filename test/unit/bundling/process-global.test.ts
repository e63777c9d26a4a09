import { afterEach, describe, expect, it, vi } from 'vitest';
import processGlobal, { env, versions } from '../../../infra/bundling/process-global.ts';

// What the SDK's user-agent code gets in a bundle instead of node:process: the live process, not a copy.
describe('the bundled node:process', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is the global process, its env read live', () => {
    expect(processGlobal).toBe(process);
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
    expect(env.AWS_EXECUTION_ENV).toBe('AWS_Lambda_nodejs22.x');
    expect(versions.node).toBe(process.versions.node);
  });
});
