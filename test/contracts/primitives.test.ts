import { describe, expect, it } from 'vitest';
import { isCalendarDate, isClockTime, isDateTime, isSafeId, isWellFormed } from '#contracts/primitives';

describe('field primitives', () => {
  it('dates and times name what exists', () => {
    expect(['2024-02-29', '1999-12-31'].every(isCalendarDate)).toBe(true);
    expect(['2020-13-45', '2021-02-30', '2023-02-29', '2020-00-10', '2020-1-1', ' 2020-01-01'].some(isCalendarDate)).toBe(false);
    expect(['00:00:00', '23:59:59'].every(isClockTime)).toBe(true);
    expect(['24:00:00', '23:60:00', '23:59:60', '7:00:00'].some(isClockTime)).toBe(false);
    expect(isDateTime('2024-02-29 23:59:59')).toBe(true);
    expect(['2024-02-29  23:59:59', '2024-02-29T23:59:59', '2021-02-30 10:00:00', '2020-01-01 24:00:00'].some(isDateTime)).toBe(false);
  });

  it('ids refuse control, zero-width and bidi characters and lone surrogates; free text only the last', () => {
    expect(['OUTPLATFORM', '营销活动', '😀x', 'a-b_c.d'].every(isSafeId)).toBe(true);
    for (const bad of ['a\u0000', '\u0007', '\u007F', '\u0085', 'a\u200Bb', 'a\u200Eb', 'a\u202Eb', 'a\u2066b', '\uFEFFa', 'a\uD800', '\uDC00a', '\uDE00\uD83D']) {
      expect(isSafeId(bad), JSON.stringify(bad)).toBe(false);
    }
    expect(isWellFormed('第一行\n第二行\t😀')).toBe(true);
    expect(['x\uD800', '\uDC00'].some(isWellFormed)).toBe(false);
  });
});
