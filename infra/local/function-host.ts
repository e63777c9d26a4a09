import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FunctionSpec } from '../manifest/types.ts';

export class InvocationError extends Error {
  constructor(
    message: string,
    readonly kind: 'timeout' | 'error' | 'crash',
  ) {
    super(message);
  }
}

/**
 * Instances one function may run at once here. Lambda would start up to the account's (or the
 * function's reserved) concurrency; two cores shared with DynamoDB Local gain nothing from more, and
 * each instance is a thread with its own copy of the module.
 */
export const LOCAL_INSTANCES_PER_FUNCTION = 2;

interface Invocation {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** One execution environment: a worker thread with the module loaded, running one invocation at a time. */
class Instance {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  state: 'loading' | 'idle' | 'busy' = 'loading';
  current: { id: string; invocation: Invocation } | undefined;
  gone = false;

  constructor(
    host: { name: string; env: Record<string, string>; workerData: unknown; memoryMb: number; output: (chunk: string) => void },
    private readonly onGone: (instance: Instance) => void,
  ) {
    this.worker = new Worker(new URL('./function-worker.mjs', import.meta.url), {
      env: host.env,
      workerData: host.workerData,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(host.memoryMb, 256) },
      stdout: true,
      stderr: true,
    });
    let loaded: (error?: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolveReady, rejectReady) => {
      loaded = (error) => (error ? rejectReady(error) : resolveReady());
    });
    this.ready.catch(() => undefined); // reported to the invocation that waits for it
    this.worker.stdout.on('data', (chunk: Buffer) => host.output(chunk.toString()));
    this.worker.stderr.on('data', (chunk: Buffer) => host.output(chunk.toString()));
    this.worker.on('message', (message: { id?: string; ready?: boolean; result?: unknown; error?: { name: string; message: string } }) => {
      if (message.ready !== undefined) {
        if (message.ready) return loaded();
        const error = new InvocationError(`function ${host.name} failed to load: ${message.error?.message ?? ''}`, 'crash');
        loaded(error);
        // Lambda retries a failed init on the next invocation in a fresh environment.
        this.discard(error);
        return;
      }
      const current = this.current;
      if (!current || current.id !== message.id) return;
      this.current = undefined;
      clearTimeout(current.invocation.timer);
      if (message.error) current.invocation.reject(new InvocationError(`${message.error.name}: ${message.error.message}`, 'error'));
      else current.invocation.resolve(message.result);
    });
    this.worker.on('error', (error) => this.discard(new InvocationError(`function ${host.name} crashed: ${error.message}`, 'crash')));
    this.worker.on('exit', () => {
      loaded(new InvocationError(`function ${host.name} exited`, 'crash'));
      this.discard(new InvocationError(`function ${host.name} exited`, 'crash'));
    });
  }

  /** Takes the instance out of service for good: its invocation (if any) fails, its thread stops. */
  discard(error: Error): Promise<number> {
    if (!this.gone) {
      this.gone = true;
      this.onGone(this);
    }
    const current = this.current;
    this.current = undefined;
    if (current) {
      clearTimeout(current.invocation.timer);
      current.invocation.reject(error);
    }
    return this.worker.terminate();
  }
}

/**
 * Runs one function's handler module with exactly the environment its stack gives it, as Lambda
 * does: each instance (a worker thread, started on first need or when warmed) runs one invocation
 * at a time, and concurrent invocations get more instances, up to `maxInstances`, beyond which they
 * wait for one to be free. An invocation past the function's timeout is answered with a timeout
 * error and its instance is discarded (Lambda tears the environment down, so the handler's late
 * writes stop and the next invocation starts with fresh module state). The clock starts once the
 * module has loaded: Lambda's init phase is not part of the timeout either.
 */
export class FunctionHost {
  private readonly instances = new Set<Instance>();
  private readonly idle: Instance[] = [];
  private readonly waiting: { take: (instance: Instance) => void; fail: (error: Error) => void }[] = [];
  private stopped = false;

  constructor(
    readonly name: string,
    readonly spec: FunctionSpec,
    private readonly env: Record<string, string>,
    private readonly root: string,
    private readonly output: (name: string, chunk: string) => void,
    /** A moved clock (local-clock.ts) the workers' `Date` follows; real time when absent. */
    private readonly clock?: SharedArrayBuffer,
    readonly maxInstances = LOCAL_INSTANCES_PER_FUNCTION,
  ) {}

  /** Instances running now (loaded or loading). */
  get instanceCount(): number {
    return this.instances.size;
  }

  private start(): Instance {
    const instance = new Instance(
      {
        name: this.name,
        env: this.env,
        workerData: { entry: resolve(this.root, this.spec.entry), functionName: this.name, memoryMb: this.spec.memoryMb, clock: this.clock },
        memoryMb: this.spec.memoryMb,
        output: (chunk) => this.output(this.name, chunk),
      },
      (gone) => {
        this.instances.delete(gone);
        const at = this.idle.indexOf(gone);
        if (at >= 0) this.idle.splice(at, 1);
      },
    );
    this.instances.add(instance);
    instance.ready.then(
      () => this.release(instance),
      (error: Error) => {
        // A module that cannot load fails one waiting invocation (as Lambda fails the invocation
        // whose init failed); the others get instances of their own.
        this.waiting.shift()?.fail(error);
        this.fill();
      },
    );
    return instance;
  }

  /** Starts instances for the invocations that wait and that no loading instance will serve. */
  private fill(): void {
    if (this.stopped) return;
    const loading = [...this.instances].filter((i) => i.state === 'loading').length;
    for (let need = this.waiting.length - loading; need > 0 && this.instances.size < this.maxInstances; need--) this.start();
  }

  /** An instance is free: the longest-waiting invocation gets it. */
  private release(instance: Instance): void {
    if (instance.gone) return this.fill();
    const next = this.waiting.shift();
    if (next) {
      instance.state = 'busy';
      next.take(instance);
    } else {
      instance.state = 'idle';
      this.idle.push(instance);
    }
  }

  private acquire(): Promise<Instance> {
    if (this.stopped) return Promise.reject(new InvocationError(`function ${this.name} stopped`, 'crash'));
    const free = this.idle.pop();
    if (free) {
      free.state = 'busy';
      return Promise.resolve(free);
    }
    return new Promise<Instance>((take, fail) => {
      this.waiting.push({ take, fail });
      this.fill();
    });
  }

  /** Loads the module in an instance now, so the first invocation is warm (provisioned concurrency). */
  async warm(): Promise<void> {
    if (this.stopped) return;
    const [existing] = this.instances;
    await (existing ?? this.start()).ready;
  }

  async invoke<T = unknown>(event: unknown): Promise<T> {
    const instance = await this.acquire();
    if (instance.gone) {
      this.release(instance);
      throw new InvocationError(`function ${this.name} exited before the invocation started`, 'crash');
    }
    const id = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    try {
      return await new Promise<T>((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          void instance.discard(new InvocationError(`Task timed out after ${this.spec.timeoutSeconds} seconds`, 'timeout'));
        }, timeoutMs);
        instance.current = { id, invocation: { resolve: resolvePromise as (value: unknown) => void, reject, timer } };
        instance.worker.postMessage({ id, event, deadline: Date.now() + timeoutMs });
      });
    } finally {
      this.release(instance);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const error = new InvocationError(`function ${this.name} stopped`, 'crash');
    for (const waiter of this.waiting.splice(0)) waiter.fail(error);
    await Promise.all([...this.instances].map((instance) => instance.discard(error)));
  }
}
