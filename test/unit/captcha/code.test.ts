import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeMatches, endOfShanghaiDay, hashCode, seal, shanghaiDay, unseal } from '#core/captcha/code';

describe('captcha code helpers', () => {
  const key = randomBytes(32);

  it('hashes bound to the captchaId and key; case folding only when case-insensitive', () => {
    expect(hashCode(key, 'aB3d', 'c1', false)).toBe(hashCode(key, 'AB3D', 'c1', false));
    expect(hashCode(key, 'aB3d', 'c1', true)).not.toBe(hashCode(key, 'AB3D', 'c1', true));
    expect(hashCode(key, '1234', 'c1', true)).not.toBe(hashCode(key, '1234', 'c2', true));
    expect(hashCode(randomBytes(32), '1234', 'c1', true)).not.toBe(hashCode(key, '1234', 'c1', true));
    expect(codeMatches(key, '1234', 'c1', true, hashCode(key, '1234', 'c1', true))).toBe(true);
    expect(codeMatches(key, '1235', 'c1', true, hashCode(key, '1234', 'c1', true))).toBe(false);
  });

  it('seals text so only the same key and captchaId open it', () => {
    const sealed = seal(key, '验证码 123456', 'c1');
    expect(sealed).not.toContain('123456');
    expect(unseal(key, sealed, 'c1')).toBe('验证码 123456');
    expect(() => unseal(key, sealed, 'c2')).toThrow();
  });

  it('counts days in Asia/Shanghai', () => {
    expect(shanghaiDay(new Date('2024-05-01T15:59:59Z'))).toBe('2024-05-01');
    expect(shanghaiDay(new Date('2024-05-01T16:00:00Z'))).toBe('2024-05-02');
    expect(endOfShanghaiDay('2024-05-01')).toBe(Date.parse('2024-05-01T16:00:00Z') / 1000);
  });
});
