import type { TimeWindow } from '#contracts/config-common';
import { STALE_CLAIM_MS, UNSENT_STUCK_MS } from '#contracts/records';

/** A consumer that held a record this long without finishing died (Lambda's timeout is far shorter). */
export const STALE_MS = STALE_CLAIM_MS;
/** The rescan only acts on what the queue message (or its delayed retry) should have handled by now. */
export const RESCAN_GRACE_MS = 30_000;
/**
 * A send record changed this long after its request was accepted is past the point where the in-flight
 * sweep may already have walked by its id, so until it is final it must sit in the pending index.
 */
export const TRACK_AFTER_MS = 60_000;
/**
 * The in-flight sweep reads what was accepted at least this long ago: past TRACK_AFTER_MS plus the
 * longest a pipeline function runs (the split: 120 s), so every write made before the sweep could pass
 * an item has landed, and every write after it keeps the item in the pending index.
 */
export const SWEEP_LAG_MS = UNSENT_STUCK_MS;
/** SQS's longest DelaySeconds; longer waits are the rescan's job. */
export const MAX_DELAY_SECONDS = 900;
/** Whitelisted records ignore the configured limit, but never retry forever. */
export const HARD_SEND_CEILING = 20;
/** A split that keeps failing (e.g. its configuration was deleted) stops being retried by the rescan. */
export const MAX_SPLIT_ATTEMPTS = 10;

/** 30 s, 60 s, 120 s … capped at 15 min (or the RETRY_BACKOFF parameter's): the n-th failed attempt waits this long before the next. */
export const backoffMs = (failedAttempts: number, backoff: { baseSeconds: number; maxSeconds: number } = { baseSeconds: 30, maxSeconds: 900 }): number =>
  Math.min(backoff.baseSeconds * 1000 * 2 ** Math.max(0, failedAttempts - 1), backoff.maxSeconds * 1000);

export const plusMs = (at: Date, ms: number): string => new Date(at.getTime() + ms).toISOString();

/** Seconds from now until `at`, as SQS DelaySeconds, or undefined when beyond SQS's limit. */
export const delaySecondsUntil = (at: string, now: Date): number | undefined => {
  const seconds = Math.max(0, Math.ceil((Date.parse(at) - now.getTime()) / 1000));
  return seconds <= MAX_DELAY_SECONDS ? seconds : undefined;
};

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Minutes and seconds since local midnight in the window's time zone. */
const localClock = (now: Date, timeZone: string): { minutes: number; seconds: number } => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { minutes: part('hour') * 60 + part('minute'), seconds: part('second') };
};

/** Inside [start, end); start > end spans midnight (22:00–07:00); start = end means all day. */
export const inWindow = (window: TimeWindow, now: Date): boolean => {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  if (start === end) return true;
  const { minutes } = localClock(now, window.timeZone);
  return start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
};

/** When the window next opens (now when it is open). */
export const windowOpensAt = (window: TimeWindow, now: Date): Date => {
  if (inWindow(window, now)) return now;
  const { minutes, seconds } = localClock(now, window.timeZone);
  const wait = (minutesOf(window.start) - minutes + 1440) % 1440;
  return new Date(now.getTime() + wait * 60_000 - seconds * 1000 - now.getMilliseconds());
};
