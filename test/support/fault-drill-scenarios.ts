import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { startLocalPlatform } from '../../infra/local/platform.ts';
import { startChaosProxy, type ChaosCounts, type ChaosProxy } from './chaos-proxy.ts';
import { MINUTE, alive, countDeliveries, readOutbox, recover, startRunner, steadyLoad, stopRunner, type DrillCounts, type LoadResult } from './fault-drill.ts';

// The fault drill's three scenarios, run by the integration test (small) and the bench (300 messages at
// 20/s each). Each: steady load, a fault in the middle, recovery, then the count of what was delivered.

export interface DrillSize {
  count: number;
  perSecond: number;
}

export interface ScenarioResult {
  counts: DrillCounts;
  load: Omit<LoadResult, 'accepted' | 'unanswered'> & { unanswered: number };
  /** Java processes of the scenario still running once it ended (must be 0). */
  javaLeft: number;
  /** Seconds from the end of the load until every accepted message was delivered. */
  recoverySeconds: number;
  faults?: ChaosCounts[];
  /** Counted again after ten more (clock) minutes of rescans. */
  duplicatedLater?: number;
  restarts?: number;
}

const RECOVERY_DEADLINE_MS = 180_000;

const settle = async (pids: number[]): Promise<number> => {
  for (const deadline = Date.now() + 30_000; pids.some(alive) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 200));
  return pids.filter(alive).length;
};

const recovered = async (outbox: Parameters<typeof recover>[0], load: LoadResult, advance: (ms: number) => void) => {
  const started = Date.now();
  const counts = await recover(outbox, load, { advance, deadlineMs: RECOVERY_DEADLINE_MS });
  return { counts, recoverySeconds: (Date.now() - started) / 1000 };
};

const summary = (load: LoadResult) => ({ refused: load.refused, unanswered: load.unanswered.size });

const withDir = async <T>(name: string, run: (dir: string) => Promise<T>): Promise<T> => {
  const dir = mkdtempSync(join(tmpdir(), `drill-${name}-`));
  try {
    return await run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** (a) The runner is SIGKILLed mid-load and started again on the same DATA_DIR (its clock six minutes on). */
export const drillRunnerKilled = (size: DrillSize): Promise<ScenarioResult> =>
  withDir('a', async (dataDir) => {
    const port = await freePort();
    let runner = await startRunner({ port, dataDir, clockOffsetMs: 0 });
    const javas = [runner.javaPid];
    try {
      const load = await steadyLoad(() => runner.url, {
        prefix: 'DRILLA',
        mobilePrefix: '1370',
        ...size,
        during: async (i) => {
          if (i !== Math.floor(size.count / 2)) return;
          const exited = new Promise((resolve) => runner.child.once('exit', resolve));
          runner.child.kill('SIGKILL');
          await exited;
          // Started again as if five minutes and more had passed: claims are stale, rescans due.
          runner = await startRunner({ port, dataDir, clockOffsetMs: 6 * MINUTE });
          javas.push(runner.javaPid);
        },
      });
      const result = await recovered(() => readOutbox(runner.dynamo, runner.table), load, () => undefined);
      await stopRunner(runner);
      return { ...result, load: summary(load), javaLeft: await settle(javas) };
    } finally {
      await stopRunner(runner);
    }
  });

/** (b) DynamoDB Local's Java is SIGKILLed mid-load; the runner restarts it on the same DATA_DIR. */
export const drillDynamoKilled = (size: DrillSize): Promise<ScenarioResult> =>
  withDir('b', async (dataDir) => {
    const platform = await startLocalPlatform({ manifest, port: 0, dataDir, seed: seedDemo, clockOffsetMs: 0, scheduleIntervalMs: () => 1000, onLog: () => undefined });
    const javas = [platform.dynamo.pid];
    try {
      await platform.warm(['sendMessage', 'splitRequest', 'sendSms'], { only: true });
      const load = await steadyLoad(() => platform.url, {
        prefix: 'DRILLB',
        mobilePrefix: '1372',
        ...size,
        during: async (i, soFar) => {
          if (i !== Math.floor(size.count / 2)) return;
          // Under load, not before it: the first requests wait for instances to start (one of each
          // is warm), and a kill while they wait leaves nothing accepted to check.
          for (const deadline = Date.now() + 30_000; soFar.accepted.size < size.count / 4 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
          process.kill(platform.dynamo.pid, 'SIGKILL');
        },
      });
      await platform.dynamo.whenServing();
      javas.push(platform.dynamo.pid);
      const result = await recovered(() => readOutbox(platform.dynamo.endpoint, platform.resolved.table('messages')), load, (ms) => platform.advanceClock(ms));
      const restarts = platform.dynamo.restarts;
      await platform.stop();
      return { ...result, load: summary(load), restarts, javaLeft: await settle(javas) };
    } finally {
      await platform.stop();
    }
  });

/** (c) 10% of the functions' SQS sends dropped and 10% of their DynamoDB writes failing, at random. */
export const drillChaos = async (size: DrillSize): Promise<ScenarioResult> => {
  const proxies: ChaosProxy[] = [];
  const platform = await startLocalPlatform({
    manifest,
    port: 0,
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
    await platform.warm(['sendMessage', 'splitRequest', 'sendSms'], { only: true });
    proxies.forEach((p) => p.setRate(0.1));
    const load = await steadyLoad(() => platform.url, { prefix: 'DRILLC', mobilePrefix: '1371', ...size });
    proxies.forEach((p) => p.setRate(0));
    const faults = proxies.map((p) => ({ ...p.counts }));
    const outbox = () => readOutbox(platform.dynamo.endpoint, platform.resolved.table('messages'));
    const result = await recovered(outbox, load, (ms) => platform.advanceClock(ms));
    // Ten more (clock) minutes of rescans must not deliver anything a second time.
    platform.advanceClock(10 * MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const duplicatedLater = (await countDeliveries(outbox, load)).duplicated;
    await platform.stop();
    return { ...result, load: summary(load), faults, duplicatedLater, javaLeft: await settle([platform.dynamo.pid]) };
  } finally {
    await platform.stop();
    await Promise.all(proxies.map((p) => p.stop()));
  }
};
