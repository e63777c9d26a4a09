// Typed domain errors. Core throws these; the runtime maps each code to a retFlag and an HTTP status
// in exactly one table (layers/runtime/error-table.ts). Core never knows about HTTP.

export type ErrorCode =
  | 'VALIDATION'
  | 'MALFORMED_JSON'
  | 'PAYLOAD_TOO_LARGE'
  | 'HEADERS_TOO_LARGE'
  | 'API_KEY_MISSING'
  | 'API_KEY_INVALID'
  | 'INSTITUTION_MISMATCH'
  | 'ADMIN_UNAUTHENTICATED'
  | 'ADMIN_FORBIDDEN'
  | 'SIGNATURE_INVALID'
  | 'BIZ_TYPE_UNKNOWN'
  | 'BIZ_TYPE_DISABLED'
  | 'CHANNEL_UNKNOWN'
  | 'DISPATCH_NOT_MATCHED'
  | 'REQUEST_CONFLICT'
  | 'RECIPIENT_INVALID'
  | 'CONTENT_TOO_LONG'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'STILL_REFERENCED'
  | 'ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'SCENE_UNSUPPORTED'
  | 'CAPTCHA_DAILY_LIMIT'
  | 'CAPTCHA_COOLDOWN'
  | 'CAPTCHA_DELIVERY_FAILED'
  | 'CAPTCHA_REQUEST_CONFLICT'
  | 'ROUTE_NOT_FOUND'
  | 'THROTTLED'
  | 'TIMEOUT'
  | 'DEPENDENCY_UNAVAILABLE'
  | 'INTERNAL';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The request field the error is about, when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
