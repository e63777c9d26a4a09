import * as z from 'zod/mini';

// The field types every contract builds on, so "an id", "a count" and "a date" mean one thing
// across the public API, the admin API and the stored items.

/**
 * What no id may contain: C0 and C1 control characters and DEL; zero-width and bidirectional
 * formatting characters (they make two ids that look the same differ, or reorder what an operator
 * reads — "Trojan Source"); and UTF-16 surrogates that are not part of a pair, which have no UTF-8
 * form and are stored or sent on as garbage.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const UNSAFE_IN_ID = /[\u0000-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isSafeId = (text: string): boolean => !UNSAFE_IN_ID.test(text);
/** Free text (titles, content, names) may hold line breaks and tabs, never half a character. */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

export const UNSAFE_ID_MESSAGE = '不能包含控制字符、零宽或双向控制字符、不成对的代理项 (no control, zero-width or bidi characters, no lone surrogates)';
export const MALFORMED_TEXT_MESSAGE = '包含不成对的代理项，不是合法的 Unicode 文本 (lone UTF-16 surrogate)';

/** Refines any string schema to refuse what `isSafeId` refuses. */
export const safeId = <S extends z.ZodMiniType<string>>(schema: S): S => schema.check(z.refine<string>(isSafeId, { message: UNSAFE_ID_MESSAGE }));
/** Refines a nullable free-text schema to refuse lone surrogates. */
export const wellFormed = <S extends z.ZodMiniType<string | null | undefined>>(schema: S): S =>
  schema.check(z.refine<string | null | undefined>((s) => s === null || s === undefined || isWellFormed(s), { message: MALFORMED_TEXT_MESSAGE }));

/** An identifier typed or passed by a caller: 1 to `max` characters, none of them unsafe. */
export const idText = (max: number) => safeId(z.string().check(z.minLength(1), z.maxLength(max)));

/** A sequence number or position counted from 1. */
export const ordinal = () => z.int().check(z.positive());

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})$/;

/** `yyyy-MM-dd` naming a day that exists (no 2020-13-45, no 2021-02-30). */
export const isCalendarDate = (text: string): boolean => {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};

/** `HH:mm:ss` on a 24-hour clock (00:00:00–23:59:59; no 24:00:00, no leap second). */
export const isClockTime = (text: string): boolean => {
  const m = TIME.exec(text);
  if (!m) return false;
  const [h, mi, s] = m.slice(1).map(Number) as [number, number, number];
  return h < 24 && mi < 60 && s < 60;
};

/** `yyyy-MM-dd HH:mm:ss` naming a real instant (the seed's requestTime). */
export const isDateTime = (text: string): boolean => {
  const [date = '', time = '', ...rest] = text.split(' ');
  return rest.length === 0 && isCalendarDate(date) && isClockTime(time);
};

export const calendarDate = () => z.string().check(z.refine(isCalendarDate, { message: '日期格式应为 yyyy-mm-dd 且为有效日期 (a real date, yyyy-mm-dd)' }));

/** Characters as a reader counts them: code points, so 汉 and 😀 are one each. */
export const charLength = (text: string): number => [...text].length;

/**
 * A schema built the first time it is asked for, then kept. For the configuration entities: every
 * function's bundle holds all of them (the config registry), but one reads only the few it uses, and
 * building them all cost each cold start some 600 zod objects (docs/ARCHITECTURE.md → Cold starts).
 */
export const lazily = <S>(build: () => S): (() => S) => {
  let schema: S | undefined;
  return () => (schema ??= build());
};

/**
 * Documents a schema in place, in zod's registry that the OpenAPI document reads: `.check(z.meta())`
 * builds a check and clones the schema, two more objects per field at every cold start of the
 * function that builds it. For a schema built for this one field only (never a shared one).
 */
export const described = <S extends z.ZodMiniType>(schema: S, meta: z.core.GlobalMeta): S => {
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), ...meta });
  return schema;
};
