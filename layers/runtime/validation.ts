import * as z from 'zod';
// The one locale, not `z.locales` (which would bundle every language into each function).
import zhCN from 'zod/v4/locales/zh-CN.js';
import { DomainError } from '#core/errors';

// Field-level messages in Chinese by default, as the rest of the envelope; the field path always
// leads the message so a caller sees which field is wrong.
z.config(zhCN());

const fieldOf = (path: PropertyKey[], root: string): string =>
  path.length === 0
    ? root
    : path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');

/** Parses `value` with `schema`, or throws a VALIDATION DomainError naming the first bad field. */
export const parseOrThrow = <S extends z.ZodType>(schema: S, value: unknown, root = 'body'): z.infer<S> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldOf(issue.path, root);
  throw new DomainError('VALIDATION', `${field}: ${issue.message}`, field);
};
