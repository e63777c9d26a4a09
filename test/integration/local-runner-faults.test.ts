import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import seedSms from '../contracts/examples/seed-sms.json' with { type: 'json' };
import { manifest } from '../../infra/manifest/index.ts';
import { seedDemo } from '../../infra/local/demo/seed-demo.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { REPO_ROOT, startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { alive, dynamoJavaIn, isLoopback, listenersOf, waitFor } from '../support/processes.ts';

// The runner survives its parts and keeps them to itself: nothing it starts listens beyond
// 127.0.0.1, no Java outlives it however it ends, and a DynamoDB Local that dies is restarted (with
// DATA_DIR) or ends the runner with a reason (in memory, where the data died with it).

const START_MS = 240_000;
const GONE_MS = 60_000;

interface Runner {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

const health = async (port: number): Promise<number | undefined> => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
  } catch {
    return undefined;
  }
};

/** `npm start` as a user runs it, on a free port. */
const startRunner = async (env: Record<string, string> = {}): Promise<Runner> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await waitFor(async () => ((await health(port)) === 200 ? true : child.exitCode !== null ? true : undefined), START_MS, 'runner up');
  if (child.exitCode !== null) throw new Error(`runner exited while starting: ${output}`);
  return { child, port, output: () => output, exited };
};

const runners: Runner[] = [];
afterEach(() => {
  for (const runner of runners.splice(0)) if (runner.child.exitCode === null) runner.child.kill('SIGKILL');
});

describe.skipIf(process.platform !== 'linux')('npm start, closed to the network and tied to its parts', () => {
  it('listens only on 127.0.0.1 — DynamoDB Local, SQS, Secrets Manager and the API alike', async () => {
    const runner = await startRunner();
    runners.push(runner);
    const java = dynamoJavaIn(runner.child.pid!);
    expect(java).toHaveLength(1);
    const listeners = listenersOf(runner.child.pid!);
    // The API, SQS and Secrets Manager in the runner itself, and DynamoDB Local in Java.
    expect(listeners.some((l) => l.port === runner.port)).toBe(true);
    expect(listeners.filter((l) => l.pid === runner.child.pid).length).toBeGreaterThanOrEqual(3);
    expect(listeners.some((l) => l.pid === java[0])).toBe(true);
    expect(listeners.filter((l) => !isLoopback(l.address))).toEqual([]);
  }, START_MS + GONE_MS);

  it('takes its Java child with it when the runner is killed with SIGKILL (no exit handler runs)', async () => {
    const runner = await startRunner();
    runners.push(runner);
    const [java] = dynamoJavaIn(runner.child.pid!);
    expect(java).toBeDefined();
    runner.child.kill('SIGKILL');
    await runner.exited;
    await waitFor(() => (alive(java!) ? undefined : true), GONE_MS, `java ${java} gone`);
  }, START_MS + GONE_MS);

  it('ends with a reason and a non-zero code when DynamoDB Local dies with its data in memory', async () => {
    const runner = await startRunner();
    runners.push(runner);
    const [java] = dynamoJavaIn(runner.child.pid!);
    process.kill(java!, 'SIGKILL');
    expect(await runner.exited).not.toBe(0);
    expect(runner.output()).toContain('in-memory data is lost — start again, or set DATA_DIR to survive this');
  }, START_MS + GONE_MS);
});

describe('the runner with DATA_DIR restarts a DynamoDB Local that died, data intact', () => {
  let platform: LocalPlatform;
  let dataDir: string;
  const notices: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mp-data-'));
    platform = await startLocalPlatform({
      manifest,
      port: 0,
      dataDir,
      seed: seedDemo,
      onLog: (fn, line) => (fn === 'dynamodb' ? notices.push(line) : undefined),
    });
  }, START_MS);
  afterAll(async () => {
    await platform?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('restarts it on the same endpoint: health is 200 again and a request sent before is still found', async () => {
    const requestNo = `FAULT${Date.now()}`;
    const headers = { 'x-api-key': 'demo-outplatform-key', 'content-type': 'application/json' };
    const sent = await fetch(`${platform.url}/api/hcmsg/sendMessage`, { method: 'POST', headers, body: JSON.stringify({ ...seedSms, requestNo }) });
    expect(sent.status).toBe(200);

    const before = platform.dynamo.pid;
    await platform.dynamo.kill('SIGKILL');
    expect(alive(before)).toBe(false);
    await platform.dynamo.whenServing();
    expect(platform.dynamo.pid).not.toBe(before);
    expect(platform.dynamo.restarts).toBe(1);
    expect(notices.join('\n')).toMatch(/stopped \(SIGKILL\); restarting it on port \d+/);

    await waitFor(async () => ((await fetch(`${platform.url}/api/health`)).status === 200 ? true : undefined), GONE_MS, 'health 200');
    const status = await fetch(`${platform.url}/api/hcmsg/requests/${requestNo}`, { headers });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { body: { requestNo: string } }).body.requestNo).toBe(requestNo);
  }, START_MS);
});

describe.skipIf(process.platform !== 'linux')("the test suite's DynamoDB Local (global setup)", () => {
  it('dies with the process that started it, even one killed with SIGKILL (a vitest killed at its timeout)', async () => {
    const script = [
      "import setup from './test/support/global-setup.ts';",
      'await setup({ provide: () => undefined });',
      "process.stdout.write('READY\\n');",
      'setInterval(() => undefined, 60_000);',
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await waitFor(() => (output.includes('READY') ? true : child.exitCode !== null ? true : undefined), START_MS, 'global setup up');
      const java = dynamoJavaIn(child.pid!);
      expect(java, output).toHaveLength(1);
      child.kill('SIGKILL');
      await exited;
      await waitFor(() => (alive(java[0]!) ? undefined : true), GONE_MS, `java ${java[0]} gone`);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, START_MS + GONE_MS);
});
