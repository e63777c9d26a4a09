import { describe, expect, it } from 'vitest';
import { localDayAndHour, windowEnd } from '#core/interception/time-window';

const shanghai = { start: '22:00', end: '08:00', timeZone: 'Asia/Shanghai' };

describe('windowEnd (quiet hours)', () => {
  it('before midnight in a window spanning midnight ends the next local morning', () => {
    // 2024-03-10 23:30 in Shanghai (UTC+8)
    expect(windowEnd(shanghai, new Date('2024-03-10T15:30:00Z'))?.toISOString()).toBe('2024-03-11T00:00:00.000Z');
  });

  it('after midnight ends the same local morning', () => {
    // 2024-03-11 03:15 in Shanghai
    expect(windowEnd(shanghai, new Date('2024-03-10T19:15:00Z'))?.toISOString()).toBe('2024-03-11T00:00:00.000Z');
  });

  it('is open at the boundaries: start is inside, end is outside', () => {
    expect(windowEnd(shanghai, new Date('2024-03-10T14:00:00Z'))).toBeDefined(); // 22:00 local
    expect(windowEnd(shanghai, new Date('2024-03-10T13:59:59Z'))).toBeUndefined(); // 21:59:59
    expect(windowEnd(shanghai, new Date('2024-03-11T00:00:00Z'))).toBeUndefined(); // 08:00 — released
    expect(windowEnd(shanghai, new Date('2024-03-10T23:59:59Z'))).toBeDefined(); // 07:59:59
  });

  it('handles a window within one day', () => {
    const lunch = { start: '12:00', end: '14:00', timeZone: 'Asia/Shanghai' };
    expect(windowEnd(lunch, new Date('2024-03-10T05:00:00Z'))?.toISOString()).toBe('2024-03-10T06:00:00.000Z'); // 13:00 local
    expect(windowEnd(lunch, new Date('2024-03-10T07:00:00Z'))).toBeUndefined(); // 15:00 local
  });

  it('uses the window time zone, not UTC', () => {
    const london = { start: '22:00', end: '07:00', timeZone: 'Europe/London' };
    // 23:00 UTC = 23:00 London in winter: held; same instant is 07:00 Shanghai: outside a Shanghai window
    expect(windowEnd(london, new Date('2024-01-15T23:00:00Z'))?.toISOString()).toBe('2024-01-16T07:00:00.000Z');
    expect(windowEnd({ ...london, timeZone: 'Asia/Shanghai' }, new Date('2024-01-15T23:00:00Z'))).toBeUndefined();
  });

  it('ends at the local wall-clock time across a DST change', () => {
    const ny = { start: '22:00', end: '07:00', timeZone: 'America/New_York' };
    // 2024-03-09 23:00 EST (UTC-5); clocks spring forward that night, 07:00 on 03-10 is EDT (UTC-4)
    expect(windowEnd(ny, new Date('2024-03-10T04:00:00Z'))?.toISOString()).toBe('2024-03-10T11:00:00.000Z');
  });

  it('treats start = end as no window', () => {
    expect(windowEnd({ start: '08:00', end: '08:00', timeZone: 'Asia/Shanghai' }, new Date())).toBeUndefined();
  });
});

describe('localDayAndHour', () => {
  it('counts days and hours in the zone', () => {
    expect(localDayAndHour(new Date('2024-03-10T16:30:00Z'), 'Asia/Shanghai')).toEqual({ day: '2024-03-11', hour: '00' });
    expect(localDayAndHour(new Date('2024-03-10T15:59:00Z'), 'Asia/Shanghai')).toEqual({ day: '2024-03-10', hour: '23' });
  });
});
