import { isProviderError, ProviderError } from '#core/providers';

// Whether trying again later can succeed: throttling, server errors and network failures can;
// a refused request (bad number, unknown queue, opted out, disabled endpoint) cannot.

const RETRYABLE_NAMES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalError',
  'InternalFailure',
  'InternalErrorException',
  'KMSThrottlingException',
  'TimeoutError',
  'AbortError',
  'RequestTimeout',
  'RequestTimeoutException',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
}

export const isRetryableAwsError = (error: unknown): boolean => {
  const e = (error ?? {}) as AwsLikeError;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  if (e.$fault === 'server') return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined) return status >= 500 || status === 429;
  // No HTTP answer at all: the request never reached the service.
  return !e.$fault;
};

const THROTTLE_NAMES = new Set(['Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded', 'KMSThrottlingException']);

/** The service refused for its rate limit: a retry after a delay, not a failed attempt. */
export const isThrottlingAwsError = (error: unknown): boolean => {
  const e = (error ?? {}) as AwsLikeError;
  return (e.name !== undefined && THROTTLE_NAMES.has(e.name)) || e.$metadata?.httpStatusCode === 429;
};

/** Wraps any failure of an AWS call as a ProviderError that says whether to retry. */
export const providerErrorOf = (error: unknown, what: string): ProviderError => {
  if (isProviderError(error)) return error;
  const e = (error ?? {}) as AwsLikeError;
  return new ProviderError(`${what}: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`, isRetryableAwsError(error), isThrottlingAwsError(error));
};
