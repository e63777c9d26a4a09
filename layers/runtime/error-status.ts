import type { ErrorCode } from '#core/errors';

// Error code → retFlag and HTTP status: what every function needs to answer. What each code means (the
// API docs' retFlag table) is in error-table.ts, read by the OpenAPI function only; both are keyed by
// every ErrorCode, so neither can miss one. retFlag families: 1xxxx request shape, 2xxxx
// authentication, 3xxxx message business rules, 4xxxx captcha, 5xxxx admin/configuration, 9xxxx platform.
export const errorStatus: Record<ErrorCode, { retFlag: string; status: number }> = {
  VALIDATION: { retFlag: '10001', status: 400 },
  MALFORMED_JSON: { retFlag: '10002', status: 400 },
  PAYLOAD_TOO_LARGE: { retFlag: '10003', status: 413 },
  RECIPIENT_INVALID: { retFlag: '10004', status: 400 },
  CONTENT_TOO_LONG: { retFlag: '10005', status: 400 },
  HEADERS_TOO_LARGE: { retFlag: '10006', status: 431 },
  API_KEY_MISSING: { retFlag: '20001', status: 401 },
  API_KEY_INVALID: { retFlag: '20002', status: 401 },
  INSTITUTION_MISMATCH: { retFlag: '20003', status: 403 },
  ADMIN_UNAUTHENTICATED: { retFlag: '20004', status: 401 },
  ADMIN_FORBIDDEN: { retFlag: '20005', status: 403 },
  SIGNATURE_INVALID: { retFlag: '20006', status: 401 },
  RATE_LIMITED: { retFlag: '20007', status: 429 },
  BIZ_TYPE_UNKNOWN: { retFlag: '30001', status: 422 },
  BIZ_TYPE_DISABLED: { retFlag: '30002', status: 422 },
  CHANNEL_UNKNOWN: { retFlag: '30003', status: 422 },
  DISPATCH_NOT_MATCHED: { retFlag: '30004', status: 422 },
  REQUEST_CONFLICT: { retFlag: '30005', status: 409 },
  PRODUCT_UNKNOWN: { retFlag: '30010', status: 422 },
  SCENE_UNSUPPORTED: { retFlag: '40001', status: 422 },
  CAPTCHA_DAILY_LIMIT: { retFlag: '40002', status: 429 },
  CAPTCHA_COOLDOWN: { retFlag: '40003', status: 429 },
  CAPTCHA_DELIVERY_FAILED: { retFlag: '40004', status: 502 },
  CAPTCHA_REQUEST_CONFLICT: { retFlag: '40005', status: 409 },
  NOT_FOUND: { retFlag: '50001', status: 404 },
  VERSION_CONFLICT: { retFlag: '50002', status: 409 },
  STILL_REFERENCED: { retFlag: '50003', status: 409 },
  ALREADY_EXISTS: { retFlag: '50004', status: 409 },
  INVALID_STATE: { retFlag: '50005', status: 409 },
  ROUTE_NOT_FOUND: { retFlag: '90001', status: 404 },
  METHOD_NOT_ALLOWED: { retFlag: '90005', status: 405 },
  THROTTLED: { retFlag: '90002', status: 503 },
  TIMEOUT: { retFlag: '90003', status: 504 },
  DEPENDENCY_UNAVAILABLE: { retFlag: '90004', status: 503 },
  INTERNAL: { retFlag: '99999', status: 500 },
};
