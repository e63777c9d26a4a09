import type { ChannelKind } from '#contracts/config-common';
import type { ProviderKind } from '#contracts/config-platform';
import type { PartnerCodes } from '#contracts/records';

/** One message to one address, as a provider sends it. */
export interface OutboundMessage {
  /** Deterministic per recipient and send record (or captcha): providers use it to deduplicate. */
  id: string;
  /** When what is sent was created (send record, captcha): fixed across redeliveries, like the id. */
  createdAt: string;
  channel: ChannelKind;
  to: string;
  title: string;
  content: string;
  institution?: string;
  requestNo?: string;
  sendId?: string;
  /** The send type (派发方式) the message went out by: the send log names it. */
  sendTypeId?: string;
  bizType?: string;
  smsType?: 'Transactional' | 'Promotional';
  /** enclosureInfo ids: objects in the attachments bucket. */
  attachments?: string[];
  custom?: string;
  pushMsgType?: string;
  deviceTypeCode?: string;
  /** pushType ALL: `to` names a device type; the push goes to its broadcast topic once. */
  broadcast?: boolean;
  /** The deep link (seed actionType/actionValue) an app push opens. */
  actionType?: string;
  actionValue?: string;
  bizId?: string;
  bizContent?: string;
  /** Sent through a partner (合作方): its code and its codes for our template, business type and signature. */
  partner?: PartnerCodes;
  /** Its send record keeps the accepted call (core/delivery/carried-rows.ts): the send log writes no entry for an acceptance. */
  callCarried?: boolean;
  /** Its status report finds the record by the destination number (core/delivery/address-match.ts): no provider-id lookup is stored. */
  foundByAddress?: boolean;
  /** Who it is for (MQ payloads name the recipient). */
  recipient?: { userId?: string | undefined; custNo?: string | undefined; mobile?: string | undefined; email?: string | undefined; deviceNo?: string | undefined };
}

/**
 * A provider failure; `retryable` says whether trying again later can succeed, `throttled` that the
 * provider refused for its rate limit (a retry after a delay, never a failed attempt).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly throttled = false,
  ) {
    super(message);
  }
}

/**
 * Whether `error` is a ProviderError, by its name and shape rather than by class identity: a
 * provider module loaded on first use (adapters/providers/index.ts `deferred`) may come from another
 * module instance than the code that classifies its errors (a test that resets its modules).
 */
export const isProviderError = (error: unknown): error is ProviderError =>
  error instanceof Error && error.name === 'ProviderError' && typeof (error as Partial<ProviderError>).retryable === 'boolean';

/**
 * Providers that take our message id as an idempotency key, so a second call for the same message
 * delivers nothing twice: the OUTBOX (a conditional put on the id) and the HTTP gateway (its
 * `idempotency-key` header, docs/ARCHITECTURE.md → Providers). A first delivery through them needs no send claim.
 */
export const DEDUPES_BY_MESSAGE_ID: ReadonlySet<ProviderKind> = new Set<ProviderKind>(['OUTBOX', 'HTTP_SMS']);

export interface Provider {
  send(message: OutboundMessage, settings: Record<string, string>): Promise<{ providerMessageId: string }>;
}

export type Providers = Partial<Record<ProviderKind, Provider>>;
