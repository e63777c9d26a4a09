/** Percentile of a sample (nearest rank). */
export const percentile = (values: number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
};

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/**
 * Runs `task` `total` times with at most `concurrency` in flight and returns each duration (ms) and
 * the overall rate (per second).
 */
export const runLoad = async (
  total: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<{ durations: number[]; perSecond: number; errors: number }> => {
  const durations: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await task(i);
        durations.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { durations, perSecond: durations.length / seconds, errors };
};

export const summary = (durations: number[]) => ({
  p50: round(percentile(durations, 50)),
  p99: round(percentile(durations, 99)),
});
