import type { ErrorCode } from '#core/errors';

// The one table from error code to retFlag and HTTP status, with what the code means (the API docs'
// retFlag table). retFlag families: 1xxxx request shape, 2xxxx authentication, 3xxxx message business
// rules, 4xxxx captcha, 5xxxx admin/configuration, 9xxxx platform.
export const errorTable: Record<ErrorCode, { retFlag: string; status: number; description: string }> = {
  VALIDATION: { retFlag: '10001', status: 400, description: '字段不合法，retMsg 以字段名开头 (invalid field; retMsg starts with its path)' },
  MALFORMED_JSON: { retFlag: '10002', status: 400, description: '请求体不是合法的 JSON (malformed JSON body)' },
  PAYLOAD_TOO_LARGE: { retFlag: '10003', status: 413, description: '请求体过大 (body too large)' },
  RECIPIENT_INVALID: { retFlag: '10004', status: 400, description: '接收用户缺少或不合法的手机号、邮箱或终端账户 (a recipient lacks a valid address for a matched channel)' },
  CONTENT_TOO_LONG: { retFlag: '10005', status: 400, description: '内容超过渠道长度上限 (content over the channel limit)' },
  HEADERS_TOO_LARGE: { retFlag: '10006', status: 431, description: '请求行和请求头超过 10 KB (request line and headers over 10 KB)' },
  API_KEY_MISSING: { retFlag: '20001', status: 401, description: '缺少 x-api-key (no API key)' },
  API_KEY_INVALID: { retFlag: '20002', status: 401, description: 'API key 无效、已停用或已过期 (unknown, revoked or expired API key)' },
  INSTITUTION_MISMATCH: { retFlag: '20003', status: 403, description: 'API key 属于另一个系统标识 (the key belongs to another institution)' },
  ADMIN_UNAUTHENTICATED: { retFlag: '20004', status: 401, description: '管理中心未登录 (admin not signed in)' },
  ADMIN_FORBIDDEN: { retFlag: '20005', status: 403, description: '角色无此权限 (the role lacks the right)' },
  BIZ_TYPE_UNKNOWN: { retFlag: '30001', status: 422, description: '业务类型未配置 (unknown bizType)' },
  BIZ_TYPE_DISABLED: { retFlag: '30002', status: 422, description: '业务类型未启用 (bizType disabled)' },
  CHANNEL_UNKNOWN: { retFlag: '30003', status: 422, description: '渠道号不存在或未启用 (unknown channelNo)' },
  DISPATCH_NOT_MATCHED: { retFlag: '30004', status: 422, description: '没有匹配的派发配置、派发方式或模板 (no dispatch configuration, method or template matches)' },
  REQUEST_CONFLICT: { retFlag: '30005', status: 409, description: '请求号已被另一请求内容使用 (requestNo reused with another body)' },
  SCENE_UNSUPPORTED: { retFlag: '40001', status: 422, description: '验证码业务场景不支持或未启用 (captcha scene unsupported)' },
  CAPTCHA_DAILY_LIMIT: { retFlag: '40002', status: 429, description: '该手机号今日发送次数已达上限 (daily limit for the phone reached)' },
  CAPTCHA_COOLDOWN: { retFlag: '40003', status: 429, description: '发送过于频繁，请稍后再试 (resend cool-down)' },
  CAPTCHA_DELIVERY_FAILED: { retFlag: '40004', status: 502, description: '验证码短信发送失败 (the code could not be delivered)' },
  CAPTCHA_REQUEST_CONFLICT: { retFlag: '40005', status: 409, description: '请求ID已被另一请求内容使用或仍在处理 (reqId reused with another body, or still in progress)' },
  NOT_FOUND: { retFlag: '50001', status: 404, description: '记录不存在 (not found)' },
  VERSION_CONFLICT: { retFlag: '50002', status: 409, description: '已被他人修改，请刷新后重试 (changed by someone else: reload)' },
  STILL_REFERENCED: { retFlag: '50003', status: 409, description: '仍被引用，不能删除 (still referenced; retMsg names by what)' },
  ALREADY_EXISTS: { retFlag: '50004', status: 409, description: '已存在 (already exists)' },
  INVALID_STATE: { retFlag: '50005', status: 409, description: '当前状态不允许此操作 (not allowed in the current state)' },
  ROUTE_NOT_FOUND: { retFlag: '90001', status: 404, description: '接口不存在 (no such route)' },
  METHOD_NOT_ALLOWED: { retFlag: '90005', status: 405, description: '接口不支持该请求方法，Allow 头列出可用方法 (method not allowed; the Allow header lists the methods)' },
  THROTTLED: { retFlag: '90002', status: 503, description: '系统繁忙，请稍后重试 (busy or throttled: retry)' },
  TIMEOUT: { retFlag: '90003', status: 504, description: '处理超时 (timed out)' },
  DEPENDENCY_UNAVAILABLE: { retFlag: '90004', status: 503, description: '依赖服务不可用 (a dependency is unavailable)' },
  INTERNAL: { retFlag: '99999', status: 500, description: '系统内部错误 (internal error)' },
};
