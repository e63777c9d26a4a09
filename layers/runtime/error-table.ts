import type { ErrorCode } from '#core/errors';
import { errorStatus } from './error-status.ts';

// The API docs' retFlag table: each error code's retFlag and HTTP status (error-status.ts, what the
// functions answer with) and what it means.
const descriptions: Record<ErrorCode, string> = {
  VALIDATION: '字段不合法，retMsg 以字段名开头 (invalid field; retMsg starts with its path)',
  MALFORMED_JSON: '请求体不是合法的 JSON (malformed JSON body)',
  PAYLOAD_TOO_LARGE: '请求体过大 (body too large)',
  RECIPIENT_INVALID: '接收用户缺少或不合法的手机号、邮箱或终端账户 (a recipient lacks a valid address for a matched channel)',
  CONTENT_TOO_LONG: '内容超过渠道长度上限 (content over the channel limit)',
  HEADERS_TOO_LARGE: '请求行和请求头超过 10 KB (request line and headers over 10 KB)',
  API_KEY_MISSING: '缺少 x-api-key (no API key)',
  API_KEY_INVALID: 'API key 无效、已停用或已过期 (unknown, revoked or expired API key)',
  INSTITUTION_MISMATCH: 'API key 属于另一个系统标识 (the key belongs to another institution)',
  ADMIN_UNAUTHENTICATED: '管理中心未登录 (admin not signed in)',
  ADMIN_FORBIDDEN: '角色无此权限 (the role lacks the right)',
  SIGNATURE_INVALID: '回调签名缺失、错误或已过期 (callback signature missing, wrong or stale)',
  RATE_LIMITED: '该系统标识的接口调用超过每分钟上限，请稍后重试 (the institution is over its request rate: retry later)',
  BIZ_TYPE_UNKNOWN: '业务类型未配置 (unknown bizType)',
  BIZ_TYPE_DISABLED: '业务类型未启用 (bizType disabled)',
  CHANNEL_UNKNOWN: '渠道号不存在或未启用 (unknown channelNo)',
  DISPATCH_NOT_MATCHED: '没有匹配的派发配置、派发方式或模板 (no dispatch configuration, method or template matches)',
  REQUEST_CONFLICT: '请求号已被另一请求内容使用 (requestNo reused with another body)',
  PRODUCT_UNKNOWN: '产品编号未配置 (unknown productCode)',
  SCENE_UNSUPPORTED: '验证码业务场景不支持或未启用 (captcha scene unsupported)',
  CAPTCHA_DAILY_LIMIT: '该手机号今日发送次数已达上限 (daily limit for the phone reached)',
  CAPTCHA_COOLDOWN: '发送过于频繁，请稍后再试 (resend cool-down)',
  CAPTCHA_DELIVERY_FAILED: '验证码短信发送失败 (the code could not be delivered)',
  CAPTCHA_REQUEST_CONFLICT: '请求ID已被另一请求内容使用或仍在处理 (reqId reused with another body, or still in progress)',
  NOT_FOUND: '记录不存在 (not found)',
  VERSION_CONFLICT: '已被他人修改，请刷新后重试 (changed by someone else: reload)',
  STILL_REFERENCED: '仍被引用，不能删除 (still referenced; retMsg names by what)',
  ALREADY_EXISTS: '已存在 (already exists)',
  INVALID_STATE: '当前状态不允许此操作 (not allowed in the current state)',
  ROUTE_NOT_FOUND: '接口不存在 (no such route)',
  METHOD_NOT_ALLOWED: '接口不支持该请求方法，Allow 头列出可用方法 (method not allowed; the Allow header lists the methods)',
  THROTTLED: '系统繁忙，请稍后重试 (busy or throttled: retry)',
  TIMEOUT: '处理超时 (timed out)',
  DEPENDENCY_UNAVAILABLE: '依赖服务不可用 (a dependency is unavailable)',
  INTERNAL: '系统内部错误 (internal error)',
};

export const errorTable = Object.fromEntries(
  Object.entries(errorStatus).map(([code, answer]) => [code, { ...answer, description: descriptions[code as ErrorCode] }]),
) as Record<ErrorCode, { retFlag: string; status: number; description: string }>;
