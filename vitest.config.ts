import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { scaledMs } from './test/support/wait-for.ts';

// One `vitest run`, four projects. Unit and handler tests share the two cores file by file; the
// integration and browser tests each start a whole local platform (DynamoDB Local, workers, a
// browser), so they run one file at a time after those, instead of starving each other.
// The root's global setup starts the one DynamoDB Local every project's tests use (useTables).

const common = {
  // Written for an idle two-core machine, stretched for this one at the start of the run.
  testTimeout: scaledMs(60_000),
  hookTimeout: scaledMs(120_000),
  // Lambda runs Node 22; the SDK's "upgrade from Node 20" notice is noise in test output here.
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
};

const project = (name: string, include: string[], serial: boolean, globalSetup: string[] = []): TestProjectInlineConfiguration => ({
  test: {
    ...common,
    name,
    include,
    globalSetup,
    // Same maxWorkers for the parallel projects: vitest runs them as one group.
    ...(serial ? { fileParallelism: false, maxWorkers: 1 } : { maxWorkers: 2 }),
  },
});

export default defineConfig({
  test: {
    globalSetup: ['test/support/global-setup.ts'],
    // Two cores: DynamoDB Local, the runner and the test workers share them.
    maxWorkers: 2,
    projects: [
      project('unit', ['test/unit/**/*.test.ts', 'test/contracts/**/*.test.ts', 'test/infra/**/*.test.ts'], false),
      project('handlers', ['test/handlers/**/*.test.ts'], false),
      project('integration', ['test/integration/**/*.test.ts'], true),
      // The site is built once for all browser tests (test/e2e/global-setup.ts).
      project('e2e', ['test/e2e/**/*.test.ts'], true, ['test/e2e/global-setup.ts']),
    ],
  },
});
