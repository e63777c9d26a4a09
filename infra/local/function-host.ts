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

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Runs one function's handler module in a worker thread with exactly the environment its stack gives
 * it. The worker starts on first use (a cold start) or when warmed; invocations past the function's
 * timeout are answered with a timeout error, as Lambda would, the clock starting once the module has
 * loaded (Lambda's init phase is not part of the timeout either).
 */
export class FunctionHost {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(
    readonly name: string,
    readonly spec: FunctionSpec,
    private readonly env: Record<string, string>,
    private readonly root: string,
    private readonly output: (name: string, chunk: string) => void,
    /** A moved clock (local-clock.ts) the worker's `Date` follows; real time when absent. */
    private readonly clock?: SharedArrayBuffer,
  ) {}

  private start(): Worker {
    const worker = new Worker(new URL('./function-worker.mjs', import.meta.url), {
      env: this.env,
      workerData: { entry: resolve(this.root, this.spec.entry), functionName: this.name, memoryMb: this.spec.memoryMb, clock: this.clock },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(this.spec.memoryMb, 256) },
      stdout: true,
      stderr: true,
    });
    let loaded: (error?: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolveReady, rejectReady) => {
      loaded = (error) => (error ? rejectReady(error) : resolveReady());
    });
    this.ready.catch(() => undefined); // reported to the invocations that wait for it
    worker.stdout.on('data', (chunk: Buffer) => this.output(this.name, chunk.toString()));
    worker.stderr.on('data', (chunk: Buffer) => this.output(this.name, chunk.toString()));
    worker.on('message', (message: { id?: string; ready?: boolean; result?: unknown; error?: { name: string; message: string; stack?: string } }) => {
      if (message.ready !== undefined) {
        loaded(message.ready ? undefined : new InvocationError(`function ${this.name} failed to load: ${message.error?.message ?? ''}`, 'crash'));
        return;
      }
      const pending = this.pending.get(message.id!);
      if (!pending) return;
      this.pending.delete(message.id!);
      clearTimeout(pending.timer);
      if (message.error) pending.reject(new InvocationError(`${message.error.name}: ${message.error.message}`, 'error'));
      else pending.resolve(message.result);
    });
    worker.on('error', (error) => {
      loaded(new InvocationError(`function ${this.name} crashed: ${error.message}`, 'crash'));
      this.failAll(new InvocationError(`function ${this.name} crashed: ${error.message}`, 'crash'));
    });
    worker.on('exit', () => {
      loaded(new InvocationError(`function ${this.name} exited`, 'crash'));
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new InvocationError(`function ${this.name} exited`, 'crash'));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }

  /** Starts the worker and loads the module now, so the first invocation is warm (provisioned concurrency). */
  async warm(): Promise<void> {
    if (!this.worker) this.start();
    await this.ready;
  }

  async invoke<T = unknown>(event: unknown): Promise<T> {
    const worker = this.worker ?? this.start();
    await this.ready;
    const id = randomUUID();
    const timeoutMs = this.spec.timeoutSeconds * 1000;
    return new Promise<T>((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new InvocationError(`Task timed out after ${this.spec.timeoutSeconds} seconds`, 'timeout'));
      }, timeoutMs);
      this.pending.set(id, { resolve: resolvePromise as (value: unknown) => void, reject, timer });
      worker.postMessage({ id, event, deadline: Date.now() + timeoutMs });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new InvocationError(`function ${this.name} stopped`, 'crash'));
    if (worker) await worker.terminate();
  }
}
