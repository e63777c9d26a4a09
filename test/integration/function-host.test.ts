import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FunctionHost, InvocationError } from '../../infra/local/function-host.ts';
import { REPO_ROOT } from '../../infra/local/platform.ts';
import type { FunctionSpec } from '../../infra/manifest/types.ts';

// The runner's function instances behave as Lambda's execution environments: one invocation at a
// time each, more of them for concurrent invocations, and an environment whose invocation timed out
// is thrown away.

interface ProbeResult {
  instanceId: string;
  invocations: number;
  concurrent: number;
}

const probe = (timeoutSeconds: number): FunctionSpec => ({ entry: 'test/support/fixtures/instance-probe.ts', memoryMb: 128, timeoutSeconds, triggers: [], bindings: {} });

/**
 * A URL invocations wait at until `size` of them have arrived (then it answers all, and every later
 * one at once): invocations that pass it were provably running at the same time.
 */
const barrier = async (size: number) => {
  const waiting: ServerResponse[] = [];
  let open = false;
  const server = createServer((_req, res) => {
    if (open) return res.end('go');
    waiting.push(res);
    if (waiting.length >= size) {
      open = true;
      for (const r of waiting.splice(0)) r.end('go');
    }
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise<void>((done) => server.close(() => done())) };
};

describe('function instances in the local runner', () => {
  const hosts: FunctionHost[] = [];
  const hostOf = (timeoutSeconds: number, maxInstances?: number) => {
    const host = new FunctionHost('instanceProbe', probe(timeoutSeconds), {}, REPO_ROOT, () => undefined, undefined, maxInstances);
    hosts.push(host);
    return host;
  };
  const gates: Awaited<ReturnType<typeof barrier>>[] = [];
  const gateOf = async (size: number) => {
    const gate = await barrier(size);
    gates.push(gate);
    return gate;
  };
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
    await Promise.all(gates.splice(0).map((g) => g.close()));
  });

  it('runs two concurrent invocations in two instances, never two at once in one, and reuses a warm instance after', async () => {
    const host = hostOf(300, 2);
    const gate = await gateOf(2);
    const [a, b] = await Promise.all([host.invoke<ProbeResult>({ barrier: gate.url }), host.invoke<ProbeResult>({ barrier: gate.url })]);
    expect([a.concurrent, b.concurrent]).toEqual([1, 1]);
    expect(a.instanceId).not.toBe(b.instanceId);
    const c = await host.invoke<ProbeResult>({});
    expect([a.instanceId, b.instanceId]).toContain(c.instanceId);
    expect(c).toMatchObject({ invocations: 2, concurrent: 1 });
  });

  it('keeps invocations beyond its instance cap waiting for a free instance instead of sharing one', async () => {
    const host = hostOf(300, 2);
    // The first two to reach the gate must be running at once, so in two instances.
    const gate = await gateOf(2);
    const results = await Promise.all(Array.from({ length: 5 }, () => host.invoke<ProbeResult>({ barrier: gate.url })));
    expect(results.map((r) => r.concurrent)).toEqual([1, 1, 1, 1, 1]);
    expect(new Set(results.map((r) => r.instanceId)).size).toBe(2);
    expect(host.instanceCount).toBe(2);
  });

  it('answers an invocation past its timeout with a timeout error and runs the next in a fresh instance', async () => {
    const host = hostOf(1);
    const first = await host.invoke<ProbeResult>({});
    const timedOut = await host.invoke({ hang: true }).catch((error: unknown) => error);
    expect(timedOut).toBeInstanceOf(InvocationError);
    expect(timedOut).toMatchObject({ kind: 'timeout', message: 'Task timed out after 1 seconds' });
    const next = await host.invoke<ProbeResult>({});
    expect(next.instanceId).not.toBe(first.instanceId);
    expect(next.invocations).toBe(1);
    // Lambda tears the environment down: the timed-out instance is gone, not kept busy beside it.
    expect(host.instanceCount).toBe(1);
  });
});
