import { describe, expect, it } from 'vitest';
import { isDeviceNo, isEmail, isMobile, normaliseMobile, parseMobile, requireMobile } from '#core/messages/recipient-rules';
import { isDomainError } from '#core/errors';

describe('the recipient rule set', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['0086-13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['(+86) 138.0013.8000', '13800138000'],
    ['+85291234567', '+85291234567'],
    ['+1 415-555-0100', '+14155550100'],
    ['0044 7911 123456', '+447911123456'],
  ])('%s is the mobile %s', (raw, canonical) => {
    expect(parseMobile(raw)).toBe(canonical);
    expect(isMobile(raw)).toBe(true);
  });

  it.each(['12345', '12800138000', '1380013800', '138001380001', '447911123456', '+0123456789', '+1234567', 'abc', ''])('%s is no mobile', (raw) => {
    expect(parseMobile(raw)).toBeUndefined();
    expect(isMobile(raw)).toBe(false);
  });

  it('keeps a foreign number apart from the mainland number with the same digits', () => {
    expect(parseMobile('+1 310 555 1234')).not.toBe(parseMobile('131 0555 1234'));
  });

  it('normalises what is no mobile to its text without separators (list lookups of typed values)', () => {
    expect(normaliseMobile(' 123-45 ')).toBe('12345');
  });

  it('refuses a bad mobile naming the field, Chinese then English', () => {
    try {
      requireMobile('12345', 'phoneNm');
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe('VALIDATION');
      expect((error as Error).message).toMatch(/^phoneNm: [^(]*手机号[^(]*\(.*E\.164.*\)$/);
    }
  });

  it('checks e-mail addresses and device numbers', () => {
    expect(isEmail('a@example.com')).toBe(true);
    for (const bad of ['a@b', 'no-at', 'a b@example.com', '']) expect(isEmail(bad)).toBe(false);
    expect(isDeviceNo('token-1')).toBe(true);
    for (const bad of ['', '   ', 'has space']) expect(isDeviceNo(bad)).toBe(false);
  });
});
