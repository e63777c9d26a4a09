import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '#core/errors';

// The platform's one signature scheme for HTTP callbacks, both ways: what it signs for callers
// (caller callbacks) and what it checks from the SMS gateway (inbound SMS). HMAC-SHA256 over
// `${timestamp}.${body}` with a shared secret; the timestamp (Unix seconds) travels in
// X-Hcmsg-Timestamp and `v1=<hex>` in X-Hcmsg-Signature (docs/CALLBACKS.md).

export const SIGNATURE_VERSION = 'v1';
/** A signed message older or newer than this is refused: a captured one cannot be replayed later. */
export const SIGNATURE_WINDOW_SECONDS = 300;

export const signPayload = (secret: string, timestamp: number, body: string): string =>
  `${SIGNATURE_VERSION}=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;

const refuse = (why: string) => new DomainError('SIGNATURE_INVALID', `签名无效: ${why}`, 'x-hcmsg-signature');

/**
 * Checks a signed callback: both headers present, the timestamp within the window of now, and one
 * of the `v1=` signatures (comma-separated, so a sender may sign with two secrets while rotating)
 * equal in constant time. Throws SIGNATURE_INVALID (401) otherwise.
 */
export const verifySignature = (input: { secret: string; timestamp: string | undefined; signature: string | undefined; body: string; now: Date }): void => {
  if (!input.timestamp || !input.signature) throw refuse('缺少 X-Hcmsg-Timestamp 或 X-Hcmsg-Signature (signature headers missing)');
  const timestamp = Number(input.timestamp);
  if (!/^\d{1,12}$/.test(input.timestamp) || Math.abs(input.now.getTime() / 1000 - timestamp) > SIGNATURE_WINDOW_SECONDS) {
    throw refuse(`时间戳不在 ${SIGNATURE_WINDOW_SECONDS} 秒内 (timestamp outside the window)`);
  }
  const expected = Buffer.from(signPayload(input.secret, timestamp, input.body));
  const ok = input.signature
    .split(',')
    .map((s) => Buffer.from(s.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  if (!ok) throw refuse('签名不符 (signature does not match)');
};
