import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '#core/errors';

// The HTTP gateway signs its callbacks as we sign our calls to it, with the send type's key:
// x-signature = hex HMAC-SHA256 over `<x-timestamp>.<body>`. The timestamp (epoch seconds) must be
// within five minutes of ours, so a captured callback cannot be replayed later; within the window a
// replay is harmless, because every report's id is derived from its content (a duplicate).

export const GATEWAY_TIMESTAMP_HEADER = 'x-timestamp';
export const GATEWAY_SIGNATURE_HEADER = 'x-signature';
export const REPLAY_WINDOW_SECONDS = 300;

export const signGatewayCallback = (key: string, timestamp: string, body: string): string =>
  createHmac('sha256', key).update(`${timestamp}.${body}`, 'utf8').digest('hex');

export interface GatewayCallback {
  sendTypeId: string;
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
}

/** The key the send type's gateway signs with, or undefined when the send type has none (not a gateway). */
export type GatewayKeyOf = (sendTypeId: string) => Promise<string | undefined>;

const refuse = (why: string): never => {
  throw new DomainError('SIGNATURE_INVALID', `x-signature: 回执签名无效 (${why})`, GATEWAY_SIGNATURE_HEADER);
};

/** Refuses, with one answer for every cause (no hint which part was wrong), anything not signed by the send type's key just now. */
export const verifyGatewayCallback = async (keyOf: GatewayKeyOf, callback: GatewayCallback, now: Date): Promise<void> => {
  if (!callback.signature || !callback.timestamp) return refuse('signature and timestamp required');
  const seconds = Number(callback.timestamp);
  if (!/^\d{9,11}$/.test(callback.timestamp) || Math.abs(now.getTime() / 1000 - seconds) > REPLAY_WINDOW_SECONDS) return refuse('timestamp outside the window');
  const key = await keyOf(callback.sendTypeId);
  if (!key) return refuse('unknown signer');
  const expected = Buffer.from(signGatewayCallback(key, callback.timestamp, callback.body), 'hex');
  const given = Buffer.from(callback.signature.trim().toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) refuse('signature mismatch');
};
