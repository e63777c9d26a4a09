import type { ChannelKind } from '#contracts/config-common';
import type { InterceptRecord, InterceptedRequest } from '#contracts/records';

export interface ScreenInput {
  institution: string;
  requestNo: string;
  bizType: string;
  channel: ChannelKind;
  /** Deterministic id of the send record being built: counters use it so a redelivery is not counted twice. */
  sendId: string;
  title: string;
  content: string;
  recipients: { index: number; to: string; userId?: string | undefined; mobile?: string | undefined; email?: string | undefined; deviceNo?: string | undefined }[];
  now: Date;
}

export type ScreenDecision =
  | { index: number; action: 'SEND'; exempt: boolean }
  | { index: number; action: 'HOLD'; until: Date; reason: string }
  | { index: number; action: 'INTERCEPT'; rule: InterceptRecord['rule']; reason: string };

/**
 * 发送拦截, applied at split time per recipient and channel. `exempt` marks whitelisted recipients
 * (or whitelisted e-mail domains): not intercepted and not bound by the send-count limit.
 */
export interface Screen {
  screen(input: ScreenInput): Promise<ScreenDecision[]>;
  /** Stores 拦截记录 (idempotent: ids are deterministic, sendId#index). */
  recordInterceptions(records: InterceptRecord[]): Promise<void>;
  /** Stores 拦截请求 for a request none of whose recipients was sent to (idempotent). */
  recordInterceptedRequest(request: InterceptedRequest): Promise<void>;
}
