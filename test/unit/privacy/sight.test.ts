import { describe, expect, it } from 'vitest';
import { maskCertNo, maskEmail, maskMobile, maskName } from '#core/privacy/mask';
import { seenBy } from '#core/privacy/sight';

describe('masks', () => {
  it('keep what tells records apart and hide the rest', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskMobile('+8613812345678')).toBe('+86****5678');
    expect(maskMobile('12345')).toBe('*****');
    expect(maskCertNo('110101199003071234')).toBe('110***********1234');
    expect(maskCertNo('G1234567')).toBe('G12*4567');
    expect(maskCertNo('123456')).toBe('******');
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com');
    expect(maskEmail('not-an-address')).toBe('n***');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('A')).toBe('*');
  });
});

describe('what a role sees', () => {
  const user = { userId: 'u1', custNo: 'C9', mobile: '13812345678', email: 'zhang@example.com', certNo: '110101199003071234', custName: '张三', deviceNo: 'dev-1' };

  it('viewers see every PII field masked, nested in lists and records, and nothing is revealed', () => {
    const { value, revealed } = seenBy('viewer', { items: [user, { ...user, mobile: '13900000000' }] });
    expect(value.items[0]).toEqual({ ...user, mobile: '138****5678', email: 'z***@example.com', certNo: '110***********1234', custName: '张*' });
    expect(value.items[1]!.mobile).toBe('139****0000');
    expect(revealed).toEqual([]);
  });

  it('operators see contact addresses (they find and block recipients) but not identity numbers or names', () => {
    const { value, revealed } = seenBy('operator', user);
    expect(value).toEqual({ ...user, certNo: '110***********1234', custName: '张*' });
    expect(revealed).toEqual(['email', 'mobile']);
  });

  it('admins see everything, and what they saw is reported for the audit', () => {
    const { value, revealed } = seenBy('admin', { items: [user] });
    expect(value.items[0]).toEqual(user);
    expect(revealed).toEqual(['certNo', 'email', 'mobile', 'name']);
  });

  it("a send recipient's `to` follows its record's channel; a device token or queue is not PII", () => {
    const sms = seenBy('viewer', { channel: 'SMS', recipients: [{ to: '13812345678', index: 0 }] }).value;
    expect(sms.recipients[0]!.to).toBe('138****5678');
    expect(seenBy('viewer', { channel: 'EMAIL', to: 'ab@163.com' }).value.to).toBe('a***@163.com');
    expect(seenBy('viewer', { channel: 'PUSH', to: 'device-token' }).value.to).toBe('device-token');
    expect(seenBy('viewer', { phone: '13812345678' }).value.phone).toBe('138****5678');
  });

  it('mobile list entries (blacklist, whitelist, their audit before/after) are masked like mobiles', () => {
    const entry = { kind: 'MOBILE', value: '13812345678', bizType: 'LOAN' };
    expect(seenBy('viewer', { before: entry }).value.before.value).toBe('138****5678');
    expect(seenBy('viewer', { kind: 'USER_ID', value: 'u1' }).value.value).toBe('u1');
  });

  it('the content of an outbox entry that carries a one-time code is hidden below admin', () => {
    const captcha = { id: 'cap1', channel: 'SMS', to: '13812345678', title: '验证码 LOGIN', content: '【平台】验证码 483920，5 分钟内有效。', sentAt: 'x' };
    const ordinary = { ...captcha, id: 'S#0', sendId: 'S', requestNo: 'R1', content: '您的账单 2026-01 已出' };
    for (const role of ['viewer', 'operator'] as const) {
      const { value } = seenBy(role, { items: [captcha, ordinary] }, { outbox: true });
      expect(value.items[0]!.content).not.toContain('483920');
      expect(value.items[0]!.content).toBe('【平台】验证码 ******，* 分钟内有效。');
      expect(value.items[1]!.content).toBe(ordinary.content);
    }
    const admin = seenBy('admin', { items: [captcha] }, { outbox: true });
    expect(admin.value.items[0]!.content).toBe(captcha.content);
    expect(admin.revealed).toContain('code');
  });

  it('plain secrets left in provider settings are never shown, to anyone', () => {
    const { value } = seenBy('admin', { after: { provider: 'HTTP_SMS', settings: { url: 'https://gw', signingKey: 'k3y', signingKeySecret: 'providers/gw' } } });
    expect(value.after.settings).toEqual({ url: 'https://gw', signingKey: '******', signingKeySecret: 'providers/gw' });
  });
});

describe('a `to` without its record', () => {
  it('is known by its shape', () => {
    const page = seenBy('viewer', { items: [{ to: '13812345678' }, { to: 'ab@163.com' }, { to: 'a1b2c3d4e5f6' }] }).value;
    expect(page.items.map((i) => i.to)).toEqual(['138****5678', 'a***@163.com', 'a1b2c3d4e5f6']);
  });
});
