import * as z from 'zod/mini';
// Two locales, not `z.locales` (which would bundle every language into each function).
import en from 'zod/v4/locales/en.js';
import zhCN from 'zod/v4/locales/zh-CN.js';
import { DomainError } from '#core/errors';

// Field-level messages as every retMsg: Chinese, then English in parentheses (our own refinements
// are written that way; zod's built-in ones are composed from its two locales). The field path always
// leads the message so a caller sees which field is wrong.
const zh = zhCN().localeError;
const english = en().localeError;
type Raw = Parameters<typeof zh>[0];
const text = (message: ReturnType<typeof zh>): string => (typeof message === 'string' ? message : (message?.message ?? ''));
z.config({ localeError: (issue: Raw) => `${text(zh(issue))} (${text(english(issue))})` });

const fieldOf = (path: PropertyKey[], root: string): string =>
  path.length === 0
    ? root
    : path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');

/** Parses `value` with `schema`, or throws a VALIDATION DomainError naming the first bad field. */
export const parseOrThrow = <S extends z.ZodMiniType>(schema: S, value: unknown, root = 'body'): z.infer<S> => {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = fieldOf(issue.path, root);
  throw new DomainError('VALIDATION', `${field}: ${issue.message}`, field);
};
