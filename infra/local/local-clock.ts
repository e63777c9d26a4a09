/**
 * The functions' clock when a drill or test moves time: real time plus an offset kept in shared
 * memory, which every function worker reads for `Date` (function-worker.mjs), as if the machine's
 * clock had been set forward. The runner's own timers, DynamoDB Local and SQS keep real time.
 */
export interface LocalClock {
  /** Shared with the workers. */
  shared: SharedArrayBuffer;
  now: () => Date;
  advance: (ms: number) => void;
}

export const createLocalClock = (offsetMs = 0): LocalClock => {
  const shared = new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT);
  const offset = new Float64Array(shared);
  offset[0] = offsetMs;
  return {
    shared,
    now: () => new Date(Date.now() + offset[0]!),
    advance: (ms) => {
      offset[0] = offset[0]! + ms;
    },
  };
};
