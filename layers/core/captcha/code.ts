import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CaptchaFormat } from '#contracts/captcha';

// Letters and mixed codes leave out characters people confuse when reading an SMS: 0/O/o, 1/l/I.
export const ALPHABETS: Record<CaptchaFormat, string> = {
  DIGITS: '0123456789',
  LETTERS: 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz',
  MIXED: 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789',
};

/** `randomInt(max)` is crypto.randomInt in production: uniform, cryptographically random. */
export const generateCode = (format: CaptchaFormat, length: number, randomInt: (max: number) => number): string => {
  const alphabet = ALPHABETS[format];
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
};

const normalise = (code: string, caseSensitive: boolean): string => (caseSensitive ? code.trim() : code.trim().toUpperCase());

/** The only form a code is stored in: HMAC-SHA256 keyed by the platform secret, bound to its captchaId. */
export const hashCode = (key: Buffer, code: string, captchaId: string, caseSensitive: boolean): string =>
  createHmac('sha256', key).update(`${normalise(code, caseSensitive)}#${captchaId}`, 'utf8').digest('hex');

/** Constant-time comparison of the typed code's HMAC with the stored one. */
export const codeMatches = (key: Buffer, typed: string, captchaId: string, caseSensitive: boolean, storedHash: string): boolean => {
  const given = Buffer.from(hashCode(key, typed, captchaId, caseSensitive), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
};

// Queue delivery needs the SMS text after the send call returns, and the text holds the code: it is
// kept sealed (AES-256-GCM, key derived from the HMAC key, bound to the captchaId) until delivered.
const sealKey = (key: Buffer): Buffer => createHmac('sha256', key).update('captcha-seal-v1').digest();

export const seal = (key: Buffer, text: string, captchaId: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(key), iv).setAAD(Buffer.from(captchaId));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
};

export const unseal = (key: Buffer, sealed: string, captchaId: string): string => {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new Error('sealed text is malformed');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(key), iv).setAAD(Buffer.from(captchaId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
};

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The seed's day is the business day in China (UTC+8, no daylight saving). */
export const shanghaiDay = (at: Date): string => new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);

/** Epoch seconds of the end of that Shanghai day. */
export const endOfShanghaiDay = (day: string): number => Math.floor((Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS) / 1000) + 86_400;

export const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);
