// How each kind of personal data looks masked (docs/ARCHITECTURE.md → Least sight). Pure functions:
// the admin readers and the caller's status query mask with the same rules.

const stars = (n: number) => '*'.repeat(Math.max(n, 0));

/** 138****5678: the prefix and last four tell numbers apart without giving one away. */
export const maskMobile = (value: string): string => (value.length >= 8 ? `${value.slice(0, 3)}****${value.slice(-4)}` : stars(value.length));

/** 110***********1234: first 3 (region) and last 4 kept, the length shown; short ones hidden whole. */
export const maskCertNo = (value: string): string => (value.length >= 8 ? `${value.slice(0, 3)}${stars(value.length - 7)}${value.slice(-4)}` : stars(value.length));

/** z***@example.com: the first letter and the domain. */
export const maskEmail = (value: string): string => {
  const at = value.indexOf('@');
  return at > 0 ? `${value.slice(0, 1)}***${value.slice(at)}` : `${value.slice(0, 1)}***`;
};

/** 张**: the family name only. */
export const maskName = (value: string): string => {
  const chars = [...value];
  return chars.length <= 1 ? stars(chars.length) : `${chars[0]}${stars(chars.length - 1)}`;
};

/**
 * A text that carries a one-time code, with every Latin letter and digit hidden: the code is among
 * them whatever its format, and the template's own wording stays readable.
 */
export const maskCodeText = (value: string): string => value.replace(/[A-Za-z0-9]/g, '*');

/** An address of unknown channel: an e-mail address or a phone number masked, anything else (a device token) as is. */
export const maskAddress = (to: string): string => {
  if (to.indexOf('@') > 0) return maskEmail(to);
  if (/^\+?[\d-]{7,}$/.test(to)) return maskMobile(to);
  return to;
};
