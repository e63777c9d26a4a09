import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MethodNotAllowedError, isDomainError, type ErrorCode } from '#core/errors';
import { errorTable } from './error-table.ts';
import { logger } from './observability.ts';

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'ServiceUnavailable',
  'InternalServerError',
]);

export const jsonResponse = (status: number, payload: unknown): APIGatewayProxyStructuredResultV2 => ({
  statusCode: status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(payload),
});

export const envelopeError = (code: ErrorCode, retMsg: string): APIGatewayProxyStructuredResultV2 => {
  const { retFlag, status } = errorTable[code];
  return jsonResponse(status, { head: { retFlag, retMsg }, body: {} });
};

/** Any thrown value → an envelope. Domain errors keep their message; everything else is logged, not leaked. */
export const errorResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  if (error instanceof MethodNotAllowedError) {
    const response = envelopeError(error.code, error.message);
    return { ...response, headers: { ...response.headers, allow: error.allow.join(', ') } };
  }
  if (isDomainError(error)) return envelopeError(error.code, error.message);
  const name = (error as { name?: string } | null)?.name ?? '';
  if (THROTTLING.has(name)) {
    logger.warn('dependency throttled', { error: error as Error });
    return envelopeError('THROTTLED', '系统繁忙，请稍后重试 (service busy, retry later)');
  }
  logger.error('unhandled error', { error: error as Error });
  return envelopeError('INTERNAL', '系统内部错误 (internal error)');
};
