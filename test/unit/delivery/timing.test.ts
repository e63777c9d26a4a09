import { describe, expect, it } from 'vitest';
import { backoffMs, delaySecondsUntil, inWindow, windowOpensAt } from '#core/delivery/timing';

describe('send window and backoff', () => {
  const at = (iso: string) => new Date(iso);
  it('knows whether now is inside a window in its time zone, including windows over midnight', () => {
    const day = { start: '09:00', end: '18:00', timeZone: 'Asia/Shanghai' };
    expect(inWindow(day, at('2024-05-01T01:00:00Z'))).toBe(true); // 09:00 local
    expect(inWindow(day, at('2024-05-01T10:00:00Z'))).toBe(false); // 18:00 local (end excluded)
    const night = { start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' };
    expect(inWindow(night, at('2024-05-01T15:00:00Z'))).toBe(true); // 23:00
    expect(inWindow(night, at('2024-05-01T22:30:00Z'))).toBe(true); // 06:30
    expect(inWindow(night, at('2024-05-01T23:00:00Z'))).toBe(false); // 07:00
    expect(inWindow({ start: '08:00', end: '08:00', timeZone: 'UTC' }, at('2024-05-01T03:00:00Z'))).toBe(true);
  });
  it('computes when the window next opens', () => {
    const day = { start: '09:00', end: '18:00', timeZone: 'Asia/Shanghai' };
    expect(windowOpensAt(day, at('2024-05-01T12:30:15.500Z')).toISOString()).toBe('2024-05-02T01:00:00.000Z');
    expect(windowOpensAt(day, at('2024-04-30T23:59:00Z')).toISOString()).toBe('2024-05-01T01:00:00.000Z');
    expect(windowOpensAt(day, at('2024-05-01T02:00:00Z')).toISOString()).toBe('2024-05-01T02:00:00.000Z');
  });
  it('backs off 30 s, 60 s, 120 s … capped at 15 min, and hands waits beyond SQS’s 900 s to the rescan', () => {
    expect([1, 2, 3, 4, 10].map((n) => backoffMs(n))).toEqual([30_000, 60_000, 120_000, 240_000, 900_000]);
    // The RETRY_BACKOFF_* parameters move both ends.
    expect([1, 2, 3, 10].map((n) => backoffMs(n, { baseSeconds: 5, maxSeconds: 30 }))).toEqual([5_000, 10_000, 20_000, 30_000]);
    expect(delaySecondsUntil('2024-05-01T00:15:00Z', at('2024-05-01T00:00:00Z'))).toBe(900);
    expect(delaySecondsUntil('2024-05-01T00:15:01Z', at('2024-05-01T00:00:00Z'))).toBeUndefined();
  });
});
