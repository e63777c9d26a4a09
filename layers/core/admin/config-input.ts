import type { ConfigEntityName } from '#contracts/config-registry';
import { normaliseListValue, normaliseMobile } from '#core/interception/normalise';

// List entries are looked up by normalised value (the id is derived from it), so admin writes store
// the same canonical form the screen looks up: +86 138-0013-8000 and 13800138000 are one entry.

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body as typed by an operator, made canonical before the entity schema validates it. */
export const normaliseConfigInput = (entity: ConfigEntityName, body: unknown): unknown => {
  if (!isRecord(body)) return body;
  if ((entity === 'blacklist' || entity === 'whitelist') && typeof body.value === 'string') {
    const kind = body.kind === 'MOBILE' || body.kind === 'USER_ID' || body.kind === 'DEVICE_NO' ? body.kind : 'USER_ID';
    return { ...body, value: normaliseListValue(kind, body.value) };
  }
  if (entity === 'emailDomain' && typeof body.domain === 'string') return { ...body, domain: body.domain.trim().toLowerCase() };
  return body;
};

/** The values a list filter matches: what was typed, and its canonical form. */
export const filterCandidates = (entity: ConfigEntityName, field: string, value: string): string[] => {
  if ((entity === 'blacklist' || entity === 'whitelist') && field === 'value') return [value.trim(), normaliseMobile(value)];
  if (entity === 'emailDomain' && field === 'domain') return [value.trim().toLowerCase()];
  return [value];
};
