import type { ListEntry } from '#contracts/config-protection';

// List entries are keyed by normalised value, so a lookup matches however the caller wrote it.
// Admin writes must store values through normaliseListValue too (the id is derived from the value).

const SEPARATORS = /[\s\-().]/g;

/**
 * Mainland mobiles arrive as 13800138000, +86 138-0013-8000, 0086 13800138000, 86-138…: keep the
 * digits and drop the country code, but only when what remains is an 11-digit CN mobile, so foreign
 * numbers are not mangled.
 */
export const normaliseMobile = (raw: string): string => {
  const compact = raw.trim().replace(SEPARATORS, '').replace(/^\+/, '');
  if (!/^\d+$/.test(compact)) return compact;
  if (compact.length === 15 && compact.startsWith('00861')) return compact.slice(4);
  if (compact.length === 13 && compact.startsWith('861')) return compact.slice(2);
  return compact;
};

/** E-mail addresses compare case-insensitively (the seed's users type them in any case). */
export const normaliseEmail = (raw: string): string => raw.trim().toLowerCase();

/** The lower-case domain of an address, or undefined when it has none. */
export const emailDomainOf = (raw: string): string | undefined => {
  const email = normaliseEmail(raw);
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1) : undefined;
};

export const normaliseListValue = (kind: ListEntry['kind'], value: string): string =>
  kind === 'MOBILE' ? normaliseMobile(value) : value.trim();
