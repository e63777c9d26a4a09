import type { ChannelKind } from '#contracts/config-common';
import type { ProviderKind } from '#contracts/config-platform';

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
}

/** A provider failure; `retryable` says whether trying again later can succeed. */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface Provider {
  send(message: OutboundMessage, settings: Record<string, string>): Promise<{ providerMessageId: string }>;
}

export type Providers = Partial<Record<ProviderKind, Provider>>;
