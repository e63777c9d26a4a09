import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted and absent, null and '' values dropped: to the seed's callers all three
 * mean "not given", and key order means nothing, so none of them makes a retry a different body.
 */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null && v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** Identifies a request body for idempotency: the same requestNo with another hash is a conflict. */
export const bodyHash = (body: unknown): string => createHash('sha256').update(canonicalJson(body), 'utf8').digest('hex');
