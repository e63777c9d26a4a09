import { describe, expect, it } from 'vitest';
import { emailDomainOf, normaliseEmail, normaliseListValue, normaliseMobile } from '#core/interception/normalise';

describe('normaliseMobile', () => {
  it.each([
    '13800138000',
    '+86 138-0013-8000',
    '+8613800138000',
    '0086 138 0013 8000',
    '008613800138000',
    '86-138-0013-8000',
    ' 138 0013 8000 ',
    '(+86) 138.0013.8000',
  ])('%s → 13800138000', (raw) => {
    expect(normaliseMobile(raw)).toBe('13800138000');
  });

  it('keeps the + of other countries\' numbers (E.164) and leaves what is no mobile alone', () => {
    expect(normaliseMobile('+1 415-555-0100')).toBe('+14155550100');
    // the same digits as a mainland mobile, but another number
    expect(normaliseMobile('+1 310 555 1234')).not.toBe(normaliseMobile('131 0555 1234'));
    expect(normaliseMobile('8612345')).toBe('8612345');
    // 13 digits starting 86 but not followed by a mobile prefix 1: not stripped
    expect(normaliseMobile('8602012345678')).toBe('8602012345678');
  });

  it('does not collapse non-numeric values to digits', () => {
    expect(normaliseMobile('abc-123')).toBe('abc123');
  });
});

describe('e-mail', () => {
  it('compares addresses case-insensitively and lower-cases the domain', () => {
    expect(normaliseEmail(' Alice@Example.COM ')).toBe('alice@example.com');
    expect(emailDomainOf('Bob@Mail.Example.com')).toBe('mail.example.com');
    expect(emailDomainOf('no-domain@')).toBeUndefined();
    expect(emailDomainOf('plain')).toBeUndefined();
  });
});

describe('normaliseListValue', () => {
  it('normalises mobiles and trims the other kinds', () => {
    expect(normaliseListValue('MOBILE', '+86 138-0013-8000')).toBe('13800138000');
    expect(normaliseListValue('USER_ID', ' U1 ')).toBe('U1');
    expect(normaliseListValue('DEVICE_NO', 'dev-1')).toBe('dev-1');
  });
});
