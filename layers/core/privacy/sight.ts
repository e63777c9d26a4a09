import type { AdminRole } from '#contracts/admin';
import { isPlainSecretSetting } from '#contracts/provider-secrets';
import { maskCertNo, maskCodeText, maskEmail, maskMobile, maskName } from './mask.ts';

// Least sight (docs/ARCHITECTURE.md): one policy for what each admin role sees of personal data,
// applied to everything an admin reader returns. Fields are recognised by name wherever they sit
// (a list page, a record's recipients, an audit entry's before/after), so a reader cannot forget one.

export type PiiKind = 'certNo' | 'code' | 'email' | 'mobile' | 'name';

/**
 * Viewers see nothing in the clear. Operators see contact addresses: they look recipients up by
 * mobile or e-mail and put them on the blacklist (seed 发送拦截), which masked values would not
 * allow. Identity numbers, names and live codes are for admins only. Every clear read is audited.
 */
const PLAIN: Record<AdminRole, ReadonlySet<PiiKind>> = {
  viewer: new Set(),
  operator: new Set(['mobile', 'email']),
  admin: new Set(['mobile', 'email', 'certNo', 'name', 'code']),
};

const MASKS: Record<PiiKind, (value: string) => string> = { mobile: maskMobile, email: maskEmail, certNo: maskCertNo, name: maskName, code: maskCodeText };

const FIELDS: Record<string, PiiKind> = { mobile: 'mobile', phone: 'mobile', phoneNm: 'mobile', email: 'email', certNo: 'certNo', custName: 'name' };

/** A record's or recipient's `to` is the address of the channel it sits under. */
const ADDRESS: Record<string, PiiKind | undefined> = { SMS: 'mobile', EMAIL: 'email' };

export interface SightOptions {
  /** The value is (a page of) OUTBOX entries: an entry of no send record is a captcha SMS, its content a live code. */
  outbox?: boolean;
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `value` as `role` may see it, and which kinds of PII it shows in the clear (for the audit). */
export const seenBy = <T>(role: AdminRole, value: T, options: SightOptions = {}): { value: T; revealed: PiiKind[] } => {
  const revealed = new Set<PiiKind>();
  const show = (kind: PiiKind, raw: string): string => {
    if (!PLAIN[role].has(kind)) return MASKS[kind](raw);
    revealed.add(kind);
    return raw;
  };

  const walk = (v: unknown, channel: string | undefined): unknown => {
    if (Array.isArray(v)) return v.map((item) => walk(item, channel));
    if (!isRecord(v)) return v;
    const own = typeof v.channel === 'string' ? v.channel : channel;
    const out: Rec = {};
    for (const [key, field] of Object.entries(v)) {
      const kind = typeof field === 'string' ? kindOf(v, key, own) : undefined;
      if (kind) out[key] = show(kind, field as string);
      else if (key === 'settings' && isRecord(field)) out[key] = withoutPlainSecrets(field);
      else out[key] = walk(field, own);
    }
    if (options.outbox && carriesCode(v) && typeof v.content === 'string') out.content = show('code', v.content);
    return out;
  };

  const seen = walk(value, undefined) as T;
  return { value: seen, revealed: [...revealed].sort() };
};

const kindOf = (item: Rec, key: string, channel: string | undefined): PiiKind | undefined => {
  if (FIELDS[key]) return FIELDS[key];
  if (key === 'to') return channel ? ADDRESS[channel] : addressKind(String(item.to));
  // Blacklist and whitelist entries (and their audit copies) hold a mobile in `value`.
  if (key === 'value' && item.kind === 'MOBILE') return 'mobile';
  return undefined;
};

/** A `to` read without its record (a page of send-record-users): known by its shape, a device token or queue is not PII. */
const addressKind = (to: string): PiiKind | undefined => (to.indexOf('@') > 0 ? 'email' : /^\+?[\d -]{7,}$/.test(to) ? 'mobile' : undefined);

/**
 * An OUTBOX entry written for a send record names it and its request; one with neither is a
 * captcha's SMS (core/captcha/delivery.ts), whose text is the code.
 */
const carriesCode = (entry: Rec): boolean => typeof entry.sentAt === 'string' && typeof entry.channel === 'string' && !entry.sendId && !entry.requestNo;

/** Credentials typed into settings before they had to live in Secrets Manager are shown to nobody. */
const withoutPlainSecrets = (settings: Rec): Rec =>
  Object.fromEntries(Object.entries(settings).map(([key, value]) => [key, isPlainSecretSetting(key) ? '******' : value]));

/** `value` with every `settings` object's plain credentials replaced (before it is written to the audit). */
export const withoutSecrets = <T>(value: T): T => {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!isRecord(v)) return v;
    return Object.fromEntries(Object.entries(v).map(([key, field]) => [key, key === 'settings' && isRecord(field) ? withoutPlainSecrets(field) : walk(field)]));
  };
  return walk(value) as T;
};
