import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { REPO_ROOT, startLocalPlatform } from '../../infra/local/platform.ts';
import { startChaosProxy, type ChaosProxy } from '../support/chaos-proxy.ts';
import { countDeliveries, readOutbox, recover, steadyLoad, type DrillCounts } from '../support/fault-drill.ts';

// The fault drill, small: steady load, a fault, recovery — then every accepted message must have been
// delivered exactly once. (`npm run bench -- --only drill` runs it with 300 messages a scenario.)

const MINUTE = 60_000;
const report = (name: string, counts: DrillCounts) => process.stdout.write(`fault drill ${name}: ${JSON.stringify(counts)}\n`);

/** The runner as its own process (drill-runner.ts), so it can be killed outright. */
const startRunner = (options: { port: number; dataDir: string; clockOffsetMs: number }) =>
  new Promise<{ child: ChildProcess; url: string; dynamo: string; table: string }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/drill-runner.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(options.port), DATA_DIR: options.dataDir, CLOCK_OFFSET_MS: String(options.clockOffsetMs), SCHEDULE_MS: '1000' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /ready (\S+) (\S+) (\S+)/.exec(out);
      if (ready) resolve({ child, url: ready[1]!, dynamo: ready[2]!, table: ready[3]! });
    });
    child.once('exit', (code) => reject(new Error(`drill runner exited with ${code} before it was ready`)));
  });

describe('fault drill: every accepted message is delivered exactly once after a fault', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('(a) the runner is SIGKILLed under load and started again on the same DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'drill-a-'));
    dirs.push(dataDir);
    const port = await freePort();
    let runner = await startRunner({ port, dataDir, clockOffsetMs: 0 });
    try {
      const load = await steadyLoad(() => runner.url, {
        prefix: 'DRILLA',
        mobilePrefix: '1370',
        count: 40,
        perSecond: 10,
        during: async (i) => {
          if (i !== 20) return;
          runner.child.kill('SIGKILL');
          await new Promise((resolve) => runner.child.once('exit', resolve));
          // Started again later, as if five minutes and more had passed: claims are stale, rescans due.
          runner = await startRunner({ port, dataDir, clockOffsetMs: 6 * MINUTE });
        },
      });
      const counts = await recover(() => readOutbox(runner.dynamo, runner.table), load, { advance: () => undefined, deadlineMs: 120_000 });
      report('(a) SIGKILL', counts);
      expect(counts.accepted).toBeGreaterThan(20);
      expect({ lost: counts.lost, duplicated: counts.duplicated }).toEqual({ lost: 0, duplicated: 0 });
    } finally {
      runner.child.kill('SIGTERM');
      await new Promise((resolve) => (runner.child.exitCode === null ? runner.child.once('exit', resolve) : resolve(undefined)));
    }
  }, 600_000);

  it('(c) 10% of SQS sends dropped and 10% of DynamoDB writes failing, at random', async () => {
    const proxies: ChaosProxy[] = [];
    const platform = await startLocalPlatform({
      manifest,
      port: await freePort(),
      seed: seedDemo,
      clockOffsetMs: 0,
      scheduleIntervalMs: () => 1000,
      onLog: () => undefined,
      interpose: async (service, endpoint) => {
        const proxy = await startChaosProxy(endpoint, service);
        proxies.push(proxy);
        return proxy.endpoint;
      },
    });
    try {
      await platform.warm(['sendMessage', 'splitRequest', 'sendSms']);
      proxies.forEach((p) => p.setRate(0.1));
      const load = await steadyLoad(() => platform.url, { prefix: 'DRILLC', mobilePrefix: '1371', count: 60, perSecond: 10 });
      proxies.forEach((p) => p.setRate(0));
      const faults = proxies.map((p) => p.counts);
      const outbox = () => readOutbox(platform.dynamo.endpoint, platform.resolved.table('messages'));
      const counts = await recover(outbox, load, { advance: (ms) => platform.advanceClock(ms), deadlineMs: 120_000 });
      report('(c) chaos', counts);
      process.stdout.write(`fault drill (c) faults injected: ${JSON.stringify(faults)}\n`);
      expect(faults.reduce((n, f) => n + f.refused + f.appliedButFailed + f.dropped, 0)).toBeGreaterThan(0);
      expect(counts.accepted).toBeGreaterThan(30);
      expect({ lost: counts.lost, duplicated: counts.duplicated }).toEqual({ lost: 0, duplicated: 0 });
      // Counted again a while later: nothing delivered twice by the rescans after recovery.
      platform.advanceClock(10 * MINUTE);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      expect((await countDeliveries(outbox, load)).duplicated).toBe(0);
    } finally {
      await platform.stop();
      await Promise.all(proxies.map((p) => p.stop()));
    }
  }, 600_000);
});
