import type { ListEntry } from '#contracts/config-protection';
import { normaliseEmail, normaliseMobile } from '#core/messages/recipient-rules';

// List entries are keyed by normalised value, so a lookup matches however the caller wrote it.
// Admin writes must store values through normaliseListValue too (the id is derived from the value).
// Mobiles and e-mail addresses follow the one recipient rule set (layers/core/messages/recipient-rules.ts).

export { normaliseEmail, normaliseMobile };

/** The lower-case domain of an address, or undefined when it has none. */
export const emailDomainOf = (raw: string): string | undefined => {
  const email = normaliseEmail(raw);
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1) : undefined;
};

export const normaliseListValue = (kind: ListEntry['kind'], value: string): string =>
  kind === 'MOBILE' ? normaliseMobile(value) : value.trim();
