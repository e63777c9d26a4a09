import type * as z from 'zod/mini';
import { ApiError } from '../api/client.ts';
import { ui, type Text } from '../i18n/text.ts';
import type { FieldSpec } from '../schema/fields.ts';

// Errors under their fields, all at once: the form checks its body against the very schema the API
// validates with, and a refusal the API still sends (`sendWindow.start: 时间格式应为 HH:mm`, a
// reference that does not exist) is put under the field its path names, not in a toast.

export interface FieldError {
  name: (string | number)[];
  errors: string[];
}

const VALIDATION = '10001';

/** The form field a path falls in: the longest field whose path starts the issue's path. */
const fieldAt = (fields: readonly FieldSpec[], path: readonly (string | number)[]): string[] | undefined => {
  const text = path.map(String);
  const exact = text.join('.');
  const candidates = fields.filter((f) => exact === f.name || exact.startsWith(`${f.name}.`));
  if (candidates.length === 0) return undefined;
  const best = candidates.sort((a, b) => b.name.length - a.name.length)[0]!;
  // A provider setting is its own input (settings.url), deeper than the settings field.
  return best.kind === 'providerSettings' && text.length > best.path.length ? text : best.path;
};

/** Every issue of the body, by field; issues outside the form's fields are left to the API. */
export const clientFieldErrors = (schema: z.ZodMiniType, body: unknown, fields: readonly FieldSpec[], t: (text: Text) => string): FieldError[] => {
  const result = schema.safeParse(body);
  if (result.success) return [];
  const byField = new Map<string, FieldError>();
  for (const issue of result.error.issues) {
    const name = fieldAt(fields, issue.path as (string | number)[]);
    if (!name) continue;
    const message = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined ? t(ui.required) : issue.message;
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byField.set(key, entry);
  }
  return [...byField.values()];
};

/** A validation refusal from the API (`field: message`) as an error under that field, if the form has it. */
export const serverFieldError = (error: unknown, fields: readonly FieldSpec[]): FieldError | undefined => {
  if (!(error instanceof ApiError) || error.retFlag !== VALIDATION) return undefined;
  const match = /^(?:body\.)?([\w.[\]]+): ([\s\S]+)$/.exec(error.message);
  if (!match) return undefined;
  const name = fieldAt(fields, match[1]!.replace(/\[(\d+)\]/g, '.$1').split('.'));
  return name ? { name, errors: [match[2]!] } : undefined;
};
