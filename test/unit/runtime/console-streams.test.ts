import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Logger and Metrics write through their own Console (not Lambda's patched global one). Building it
// over process.stdout and process.stderr opens both streams, a measurable part of a cold start; the
// platform's Console opens each stream on its first write instead.

/** A stream that keeps what is written to it, one line per write. */
const fakeStream = () => {
  const written: string[] = [];
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (written.push(chunk.toString().trimEnd()), done()) });
  return Object.assign(stream, { written });
};

describe('log and metric streams', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('are not opened when the logger and metrics load; stdout opens with the first line, stderr only with a warning or an error', async () => {
    const out = fakeStream();
    const err = fakeStream();
    const stdout = vi.spyOn(process, 'stdout', 'get').mockReturnValue(out as unknown as typeof process.stdout);
    const stderr = vi.spyOn(process, 'stderr', 'get').mockReturnValue(err as unknown as typeof process.stderr);
    vi.resetModules();
    const { logger } = await import('../../../layers/runtime/observability.ts');
    const { metrics, countRequestAccepted } = await import('../../../layers/runtime/metrics.ts');
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();

    countRequestAccepted();
    metrics.publishStoredMetrics();
    expect(out.written).toEqual([expect.stringContaining('"CloudWatchMetrics"')]);
    expect(stderr).not.toHaveBeenCalled();

    logger.critical('payload lost', { requestNo: 'R1' });
    logger.warn('slow provider');
    const errors = err.written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(errors.map((e) => [e.level, e.message])).toEqual([
      ['CRITICAL', 'payload lost'],
      ['WARN', 'slow provider'],
    ]);
    expect(errors[0]!.requestNo).toBe('R1');
    expect(out.written).toHaveLength(1);
  });

  it('keep Powertools development mode: the global console, as Powertools chooses', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.resetModules();
    const { logger } = await import('../../../layers/runtime/observability.ts');
    logger.error('seen in development');
    expect(log.mock.calls.map(([line]) => String(line))).toEqual([expect.stringContaining('seen in development')]);
  });
});
