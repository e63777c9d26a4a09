import { execFileSync, spawn } from 'node:child_process';
import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformFunctions } from '../../infra/manifest/functions-platform.ts';
import { manifest } from '../../infra/manifest/index.ts';
import type { Manifest } from '../../infra/manifest/types.ts';
import { freePort } from '../../infra/local/free-port.ts';
import { REPO_ROOT, startLocalPlatform, type LocalPlatform } from '../../infra/local/platform.ts';
import { scaledMs, waitFor } from '../support/wait-for.ts';

const probeManifest: Manifest = {
  // config and requestGeneral: what the health function checks.
  tables: { probe: { partitionKey: 'pk', sortKey: 'sk', indexes: [] }, config: manifest.tables.config },
  // A 1 s consumer timeout gives the queue a 6 s visibility timeout (6 × timeout, as deployed).
  queues: { probe: { maxReceiveCount: 2 }, requestGeneral: manifest.queues.requestGeneral },
  buckets: {},
  secrets: {},
  functions: {
    ...platformFunctions,
    probeConsumer: {
      entry: 'test/support/fixtures/probe-consumer.ts',
      memoryMb: 256,
      timeoutSeconds: 1,
      triggers: [{ type: 'queue', queue: 'probe', batchSize: 5, maxConcurrency: 2 }],
      bindings: { tables: { probe: 'readWrite' } },
    },
    slowInit: {
      entry: 'test/support/fixtures/slow-init.ts',
      memoryMb: 128,
      timeoutSeconds: 1,
      triggers: [{ type: 'http', method: 'GET', path: '/api/slow-init', auth: 'none' }],
      bindings: {},
    },
  },
};

/** The java (DynamoDB Local) processes a process started. */
const javaChildrenOf = (pid: number): number[] => {
  try {
    return execFileSync('pgrep', ['-P', String(pid), '-x', 'java']).toString().trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('local runner, in process', () => {
  let platform: LocalPlatform;
  const javaBefore = new Set(javaChildrenOf(process.pid));

  beforeAll(async () => {
    platform = await startLocalPlatform({ manifest: probeManifest, port: 0, onLog: () => undefined });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  const deliveries = async (id: string) =>
    (
      await platform.dynamo.client.send(
        new QueryCommand({
          TableName: platform.resolved.table('probe'),
          KeyConditionExpression: 'pk = :id',
          ExpressionAttributeValues: { ':id': { S: id } },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];

  it('answers health in the envelope and unknown routes with an envelope 404', async () => {
    // Health is 503 until DynamoDB and SQS answer in time: on a busy machine, the first calls may not.
    const health = await waitFor(async () => {
      const response = await fetch(`${platform.url}/api/health`);
      return response.status === 200 ? response : undefined;
    }, { what: 'health 200', idleMs: 60_000 });
    expect(await health.json()).toEqual({ head: { retFlag: '00000', retMsg: '处理成功' }, body: { status: 'ok', dependencies: { dynamodb: 'ok', sqs: 'ok' } } });
    const missing = await fetch(`${platform.url}/api/no/such/route`, { method: 'POST', body: '{' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { head: { retFlag: string } }).head.retFlag).toBe('90001');
    // A known path with a method it does not serve: 405, the envelope, and the methods it does serve.
    const wrong = await fetch(`${platform.url}/api/hcmsg/sendMessage`);
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
    expect(((await wrong.json()) as { head: { retFlag: string; retMsg: string } }).head).toMatchObject({ retFlag: '90005', retMsg: expect.stringMatching(/^请求方法 GET .*\(method not allowed; allowed: POST\)$/) });
  }, 90_000);

  it('does not count a module load longer than the timeout against the first invocation (Lambda\'s init phase)', async () => {
    const response = await fetch(`${platform.url}/api/slow-init`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ body: { initialised: true } });
  });

  it('refuses a body over the Lambda payload limit with an envelope 413', async () => {
    const response = await fetch(`${platform.url}/api/health`, { method: 'POST', body: 'x'.repeat(6 * 1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { head: { retFlag: string } }).head.retFlag).toBe('10003');
  });

  /** Messages a queue holds, visible or in flight (received, neither deleted nor back yet). */
  const held = async (url: string) => {
    const { Attributes } = await platform.sqs.client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  };

  it('delivers a queued message to its consumer once when it succeeds', async () => {
    await platform.sqs.client.send(
      new SendMessageCommand({ QueueUrl: platform.resolved.queueUrl('probe'), MessageBody: JSON.stringify({ id: 'ok-1', fail: false }) }),
    );
    // Delivered, and gone from the queue: a message the poller failed to delete would still be held
    // (in flight until the visibility timeout, then visible again) or in the DLQ after a redelivery.
    await waitFor(async () => ((await deliveries('ok-1')).length > 0 && (await held(platform.resolved.queueUrl('probe'))) === 0 ? true : undefined), {
      what: 'delivery of ok-1 and its deletion',
      idleMs: 20_000,
    });
    expect(await held(platform.resolved.dlqUrl('probe'))).toBe(0);
    expect((await deliveries('ok-1')).map((i) => i.sk!.S)).toEqual(['delivery#1']);
  });

  it('redelivers a message the consumer reports as failed, then moves it to the DLQ', async () => {
    await platform.sqs.client.send(
      new SendMessageCommand({ QueueUrl: platform.resolved.queueUrl('probe'), MessageBody: JSON.stringify({ id: 'bad-1', fail: true }) }),
    );
    const items = await waitFor(async () => {
      const found = await deliveries('bad-1');
      return found.length >= 2 ? found : undefined;
    }, { what: 'two deliveries of bad-1', idleMs: 20_000 });
    expect(items.map((i) => i.sk!.S).sort()).toEqual(['delivery#1', 'delivery#2']);
    const dead = await waitFor(async () => {
      const received = await platform.sqs.client.send(
        new ReceiveMessageCommand({ QueueUrl: platform.resolved.dlqUrl('probe'), WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      return received.Messages?.length ? received.Messages : undefined;
    }, { what: 'bad-1 in the DLQ', idleMs: 20_000 });
    expect(JSON.parse(dead[0]!.Body!)).toEqual({ id: 'bad-1', fail: true });
  }, scaledMs(60_000));

  it('stops cleanly and leaves no DynamoDB Local process behind', async () => {
    const started = javaChildrenOf(process.pid).filter((pid) => !javaBefore.has(pid));
    expect(started.length).toBeGreaterThan(0);
    await platform.stop();
    for (const pid of started) await waitFor(async () => (alive(pid) ? undefined : true), { what: `DynamoDB Local ${pid} to exit`, idleMs: 10_000 });
  });
});

describe('npm start', () => {
  it('serves health, then stops on SIGTERM without leaving java running', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/main.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    try {
      const body = await waitFor(async () => {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/health`);
          return response.status === 200 ? ((await response.json()) as { body: { status: string } }) : undefined;
        } catch {
          return undefined;
        }
        // DynamoDB Local's start deadline scales with the machine's load; so does this wait, and a
        // runner that exits ends it at once.
      }, { what: 'npm start to serve health', idleMs: 60_000, failFast: () => (child.exitCode === null ? undefined : `exited with ${child.exitCode}: ${errors}`) });
      expect(body.body.status).toBe('ok');
      expect(output).toContain(`http://127.0.0.1:${port}/`);
      expect(output).toContain('admin/admin');
      const java = javaChildrenOf(child.pid!);
      expect(java.length).toBeGreaterThan(0);
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of java) await waitFor(async () => (alive(pid) ? undefined : true), { what: `DynamoDB Local ${pid} to exit`, idleMs: 10_000 });
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 240_000);
});
