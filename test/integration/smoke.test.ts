import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { DEMO_API_KEY } from '../../infra/local/demo/pipeline.ts';
import { startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { runSmoke } from '../../scripts/smoke-run.ts';
import { scaledMs } from '../support/wait-for.ts';

// `npm run smoke` is what a platform engineer runs after `cdk deploy`; here the same code runs
// against the local runner, so the script cannot rot.

describe('npm run smoke against the local runner', () => {
  let platform: LocalPlatform;
  beforeAll(async () => {
    platform = await startLocalPlatform({ manifest, port: 0, seed: seedDemo, onLog: () => undefined });
  }, scaledMs(180_000));
  afterAll(async () => {
    await platform?.stop();
  });

  it('sends the seed example and sees it through to a final status', async () => {
    const lines: string[] = [];
    const result = await runSmoke({ url: platform.url, key: DEMO_API_KEY, timeoutMs: scaledMs(90_000), pollMs: 500, log: (line) => lines.push(line) });
    expect(result, lines.join('\n')).toMatchObject({ ok: true });
    expect(lines[0]).toMatch(/^POST .*\/api\/hcmsg\/sendMessage requestNo=SMOKE\d+$/);
  }, scaledMs(200_000));

  it('fails with the refusal when the key is wrong', async () => {
    const result = await runSmoke({ url: platform.url, key: 'not-a-key', timeoutMs: 5_000, log: () => undefined });
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^sendMessage refused: HTTP 401 20002/);
  }, scaledMs(60_000));
});
