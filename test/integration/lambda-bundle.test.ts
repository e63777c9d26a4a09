import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_BUNDLE } from '../../infra/bundling/options.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { REPO_ROOT, startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import { httpEvent } from '../support/fakes/intake-handler-env.ts';

// What is deployed is the bundle, not the TypeScript the other tests import: bundled with the api
// stack's options (the SDK inside, its credential chain reduced to Lambda's environment variables),
// run in a fresh Node process with the environment its stack gives it, against the local platform.

const run = promisify(execFile);

describe('a function as deployed (the esbuild bundle)', () => {
  let platform: LocalPlatform;
  const dir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));

  beforeAll(async () => {
    platform = await startLocalPlatform({ manifest, port: await freePort(), seed: seedDemo, onLog: () => undefined });
  });
  afterAll(async () => {
    await platform?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs its DynamoDB calls with the credentials Lambda puts in the environment and answers in the envelope', async () => {
    const spec = manifest.functions.getRequestStatus;
    await build({
      entryPoints: [join(REPO_ROOT, spec.entry)],
      bundle: true,
      outfile: join(dir, 'index.mjs'),
      ...LAMBDA_BUNDLE,
      mainFields: [...LAMBDA_BUNDLE.mainFields],
      banner: { js: LAMBDA_BUNDLE.banner },
      logLevel: 'error',
    });
    const event = httpEvent('GET', '/api/hcmsg/requests/NO-SUCH', {
      apiKey: 'demo-outplatform-key',
      routeKey: 'GET /api/hcmsg/requests/{requestNo}',
      pathParameters: { requestNo: 'NO-SUCH' },
    });
    writeFileSync(
      join(dir, 'invoke.mjs'),
      `import { handler } from './index.mjs';
const result = await handler(${JSON.stringify(event)}, { functionName: 'getRequestStatus', awsRequestId: 'bundle-test', getRemainingTimeInMillis: () => 10_000 });
process.stdout.write(JSON.stringify(result));`,
    );
    const { stdout } = await run(process.execPath, [join(dir, 'invoke.mjs')], { env: { PATH: process.env.PATH ?? '', ...platform.envOf('getRequestStatus') } });
    const result = JSON.parse(stdout) as { statusCode: number; body: string };
    // Found the API key (a signed DynamoDB read) and looked the request up (another): 404, not a 500.
    expect(result.statusCode).toBe(404);
    expect(JSON.parse(result.body)).toMatchObject({ head: { retFlag: '50001' } });
  });
});
