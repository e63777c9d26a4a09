import type { ChannelKind } from '#contracts/config-common';
import type { ProviderKind } from '#contracts/config-platform';
import { MQ_OUTBOUND_QUEUE } from '#contracts/mq-targets';
import type { Recipient } from '#contracts/records';
import { RECIPIENT_ADDRESS as ADDRESS, checkPushLength } from '#core/messages/recipient-rules';
import type { OutboundMessage } from '#core/providers';
import { mqPayloadOf } from './mq-payload.ts';
import { pushPayload } from './push-payload.ts';

// Everything the code knows about a channel, in one record keyed by channel. Adding a channel to
// `channelKind` (contracts/config-common.ts) fails to compile here until it is described, and in the
// manifest until it has a sender (CHANNEL_SENDERS in infra/manifest/functions-delivery.ts); its lanes,
// queues and DLQs derive from contracts/lanes.ts. The recipient address rules are i17a's, in
// core/messages/recipient-rules.ts: referenced here, never redefined.

type AddressField = 'mobile' | 'email' | 'deviceNo';
type AddressRule = NonNullable<(typeof ADDRESS)[keyof typeof ADDRESS]>;

/** A request field a channel's payload carries beyond title and content. */
export type CarriedField = 'bizId' | 'bizContent' | 'actionType' | 'actionValue';

export interface ChannelSpec {
  label: string;
  /** Where a recipient's address comes from: one of its fields (checked at intake by `rule`), or the send type's settings. */
  address: { from: 'recipient'; field: AddressField; rule: AddressRule } | { from: 'setting'; setting: string; fallback: string };
  /** The list identity (blacklist/whitelist kind) the address is; undefined when the address is no person's. */
  identity: AddressField | undefined;
  /** Writes the user's inbox message (APP_USER_MESSAGE) at split. */
  inbox: boolean;
  /** Refuses text over the channel's limit (DomainError CONTENT_TOO_LONG naming the field). */
  lengthLimit?: (parts: { msgTitle?: string | undefined; msgContent?: string | undefined; custom?: string | undefined }) => void;
  /** Provider kinds that can deliver it; a send type naming another is refused. */
  providers: readonly ProviderKind[];
  /** Request fields the send record keeps for this channel's payload. */
  carries: readonly CarriedField[];
  /** What leaves the platform (also kept by the OUTBOX provider, so a dry run shows it). */
  payload?: (message: OutboundMessage) => string;
  /** SMS type (Transactional/Promotional) from the business type. */
  smsType: boolean;
}

const rule = (channel: ChannelKind): AddressRule => {
  const found = ADDRESS[channel];
  if (!found) throw new Error(`recipient-rules.ts has no address rule for ${channel}`);
  return found;
};

export const CHANNELS = {
  SMS: {
    label: '短信',
    address: { from: 'recipient', field: 'mobile', rule: rule('SMS') },
    identity: 'mobile',
    inbox: false,
    providers: ['SNS_SMS', 'HTTP_SMS', 'OUTBOX'],
    carries: [],
    smsType: true,
  },
  EMAIL: {
    label: '邮件',
    address: { from: 'recipient', field: 'email', rule: rule('EMAIL') },
    identity: 'email',
    inbox: false,
    providers: ['SES', 'OUTBOX'],
    carries: [],
    smsType: false,
  },
  PUSH: {
    label: 'APP 推送',
    address: { from: 'recipient', field: 'deviceNo', rule: rule('PUSH') },
    identity: 'deviceNo',
    inbox: true,
    lengthLimit: checkPushLength,
    providers: ['SNS_PUSH', 'OUTBOX'],
    carries: ['bizId', 'actionType', 'actionValue'],
    payload: pushPayload,
    smsType: false,
  },
  MQ: {
    label: '消息队列',
    address: { from: 'setting', setting: 'queue', fallback: MQ_OUTBOUND_QUEUE },
    identity: undefined,
    inbox: false,
    providers: ['SQS', 'OUTBOX'],
    carries: ['bizId', 'bizContent'],
    payload: (message) => JSON.stringify(mqPayloadOf(message)),
    smsType: false,
  },
} as const satisfies Record<ChannelKind, ChannelSpec>;

export const channelSpec = (channel: ChannelKind): ChannelSpec => CHANNELS[channel];

/** The address a recipient is sent to on this channel, or undefined when it has none. */
export const addressOf = (channel: ChannelKind, settings: Record<string, string>, r: Recipient): string | undefined => {
  const address = channelSpec(channel).address;
  if (address.from === 'setting') return settings[address.setting] ?? address.fallback;
  return r[address.field]?.trim() || undefined;
};

/** The name of what the address is, for "missing …" errors. */
export const addressName = (channel: ChannelKind): string => {
  const address = channelSpec(channel).address;
  return address.from === 'setting' ? address.setting : address.field;
};

/** The recipient's field this channel's address fills, when the recipient did not give it. */
export const identityOf = (channel: ChannelKind): AddressField | undefined => channelSpec(channel).identity;

/** Whether a provider kind delivers this channel. */
export const deliversChannel = (channel: ChannelKind, provider: ProviderKind): boolean => channelSpec(channel).providers.includes(provider);
