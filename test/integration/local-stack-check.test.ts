import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/free-port.ts';
import { REPO_ROOT } from '../../infra/local/platform.ts';

describe('npm run local:stack without LocalStack', () => {
  it('says so at once, before any synthesis', async () => {
    const port = await freePort();
    const started = Date.now();
    const run = spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'local-stack.ts')], {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_ENDPOINT_URL: '', LOCALSTACK_HOST: `127.0.0.1:${port}` },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`LocalStack is not answering at http://127.0.0.1:${port}`);
    expect(run.stderr).toContain('Nothing was synthesized or deployed.');
    // No synthesis happened: that alone takes a minute.
    expect(Date.now() - started).toBeLessThan(30_000);
  }, 60_000);
});
