import { isServerError, isTransientError } from '@smithy/core/retry';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MethodNotAllowedError, isDomainError, type ErrorCode } from '#core/errors';
import { errorStatus } from './error-status.ts';
import { logger } from './observability.ts';

type SdkError = Parameters<typeof isTransientError>[0];

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
  const { retFlag, status } = errorStatus[code];
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
  // The SDK's own classification (what its retries treat as transient): nothing listening, a reset or
  // timed-out socket, a 5xx. Its retries are spent by now, so the caller retries later.
  if (isTransientError(error as SdkError) || isServerError(error as SdkError)) {
    logger.warn('dependency unavailable', { error: error as Error });
    return envelopeError('DEPENDENCY_UNAVAILABLE', '依赖服务暂时不可用，请稍后重试 (a dependency is unavailable: retry later)');
  }
  logger.error('unhandled error', { error: error as Error });
  return envelopeError('INTERNAL', '系统内部错误 (internal error)');
};
