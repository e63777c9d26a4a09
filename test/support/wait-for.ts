import { availableParallelism, loadavg } from 'node:os';

// Start-ups (DynamoDB Local, the runner, a browser, a module's cold start) and the pipeline's
// asynchronous deliveries take longer on a busy or smaller machine. Waits in tests are written for an
// idle two-core machine and stretched here, so a slow machine waits longer instead of failing; a real
// error (a dead process, a refused port) is reported at once by the `failFast` probe instead.

/** How many times slower than an idle two-core machine this one is likely to be now (1–10). */
export const machineSlowness = (): number => {
  const cores = availableParallelism();
  const loadPerCore = (loadavg()[0] ?? 0) / cores;
  return Math.min(10, Math.max(1, 2 / cores) * Math.max(1, loadPerCore));
};

/** A deadline of `ms` on an idle two-core machine, stretched for this machine now. */
export const scaledMs = (ms: number): number => Math.round(ms * machineSlowness());

export interface WaitOptions {
  /** What is awaited, for the error message. */
  what: string;
  /** Milliseconds it may take on an idle two-core machine (stretched by scaledMs). */
  idleMs: number;
  /** A reason to stop waiting at once (a child process that exited, a refused port), else undefined. */
  failFast?: () => string | undefined;
  intervalMs?: number;
}

/** Polls `probe` until it returns a value; fails fast on a real error, late only on a real hang. */
export const waitFor = async <T>(probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> => {
  const allowedMs = scaledMs(options.idleMs);
  const deadline = Date.now() + allowedMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    const fatal = options.failFast?.();
    if (fatal) throw new Error(`${options.what}: ${fatal}`);
    if (Date.now() > deadline) throw new Error(`${options.what}: not within ${allowedMs} ms`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
  }
};
