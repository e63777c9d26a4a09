import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature, SIGNATURE_WINDOW_SECONDS } from '#core/callbacks/signature';
import { DomainError } from '#core/errors';
import { verifyCallback } from '../../support/callback-receiver.ts';

const now = new Date('2026-12-01T12:00:00Z');
const at = Math.floor(now.getTime() / 1000);
const body = '{"requestNo":"R1","outcome":"DELIVERED"}';

const refused = (input: Partial<Parameters<typeof verifySignature>[0]>) => {
  try {
    verifySignature({ secret: 's3cret', timestamp: String(at), signature: signPayload('s3cret', at, body), body, now, ...input });
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'other';
  }
};

describe('the callback signature (v1 = HMAC-SHA256 over `${timestamp}.${body}`)', () => {
  it('is what the documented Node snippet verifies', () => {
    const headers = { 'x-hcmsg-timestamp': String(at), 'x-hcmsg-signature': signPayload('s3cret', at, body) };
    expect(verifyCallback('s3cret', headers, body, now.getTime())).toBe(true);
    expect(verifyCallback('s3cret', headers, `${body} `, now.getTime())).toBe(false);
  });

  it('accepts the right signature, also beside another one (a sender signing with two secrets while rotating)', () => {
    expect(refused({})).toBeUndefined();
    expect(refused({ signature: `${signPayload('old', at, body)}, ${signPayload('s3cret', at, body)}` })).toBeUndefined();
  });

  it('refuses a missing header, another secret, a changed body, a malformed or stale timestamp', () => {
    expect(refused({ signature: undefined })).toBe('SIGNATURE_INVALID');
    expect(refused({ timestamp: undefined })).toBe('SIGNATURE_INVALID');
    expect(refused({ signature: signPayload('other', at, body) })).toBe('SIGNATURE_INVALID');
    expect(refused({ body: body.replace('DELIVERED', 'FAILED') })).toBe('SIGNATURE_INVALID');
    expect(refused({ timestamp: '1e9' })).toBe('SIGNATURE_INVALID');
    const stale = at - SIGNATURE_WINDOW_SECONDS - 1;
    expect(refused({ timestamp: String(stale), signature: signPayload('s3cret', stale, body) })).toBe('SIGNATURE_INVALID');
    const early = at + SIGNATURE_WINDOW_SECONDS - 1;
    expect(refused({ timestamp: String(early), signature: signPayload('s3cret', early, body) })).toBeUndefined();
  });
});
