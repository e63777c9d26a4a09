import { DomainError } from '#core/errors';

/** Opaque, URL-safe pagination cursors over DynamoDB's LastEvaluatedKey. */
export const encodeCursor = (key: Record<string, unknown>): string => Buffer.from(JSON.stringify(key)).toString('base64url');

export const decodeCursor = (cursor: string | undefined): Record<string, unknown> | undefined => {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw new Error('not an object');
    return key as Record<string, unknown>;
  } catch {
    throw new DomainError('VALIDATION', 'cursor: 分页游标无效 (invalid cursor)', 'cursor');
  }
};
