import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { parseOrThrow } from '#runtime/validation';
import { errorTable } from '#runtime/error-table';

// Every retMsg in one form: the field (when there is one), Chinese, then English in parentheses.
const FORM = /^(?:[\w.[\]]+: )?[^()]*[\u4e00-\u9fff][^()]* \([^)]*[A-Za-z][^)]*\)$/;

const messageOf = (schema: z.ZodMiniType, value: unknown): string => {
  try {
    parseOrThrow(schema, value);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parsed');
};

describe('retMsg form', () => {
  it.each([
    ['a wrong type', z.object({ a: z.string() }), { a: 1 }],
    ['a missing field', z.object({ a: z.string() }), {}],
    ['a too long text', z.object({ a: z.string().check(z.maxLength(2)) }), { a: 'xyz' }],
    ['an unknown enum value', z.object({ a: z.enum(['X', 'Y']) }), { a: 'Q' }],
    ['a number too small', z.object({ n: z.int().check(z.gte(1)) }), { n: 0 }],
    ['a nested field', z.object({ userIds: z.array(z.object({ mobile: z.string() })) }), { userIds: [{}] }],
  ])('zod\'s own message for %s is Chinese, then English', (_name, schema, value) => {
    expect(messageOf(schema, value)).toMatch(FORM);
  });

  it('the error table describes every code the same way', () => {
    for (const { description } of Object.values(errorTable)) expect(description).toMatch(FORM);
  });
});
