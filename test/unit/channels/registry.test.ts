import { describe, expect, it } from 'vitest';
import { CHANNEL_KINDS } from '#contracts/config-common';
import { laneQueues, channelOwner } from '#contracts/lanes';
import { mqPayloadV1 } from '#contracts/mq-payload';
import { emailProviders } from '#adapters/providers/email';
import type { ChannelProviders, ProviderDeps } from '#adapters/providers/index';
import { mqProviders } from '#adapters/providers/mq';
import { pushProviders } from '#adapters/providers/push';
import { smsProviders } from '#adapters/providers/sms';
import { CHANNELS, addressOf } from '#core/channels/registry';
import { RECIPIENT_ADDRESS as ADDRESS } from '#core/messages/recipient-rules';
import { CHANNEL_SENDERS, deliveryFunctions } from '../../../infra/manifest/functions-delivery.ts';
import example from '../../contracts/examples/mq-payload-v1.json' with { type: 'json' };

// The channel registry against everything that must agree with it: each channel's provider module
// builds exactly the providers the registry names, its sender consumes exactly its two lanes, and a
// recipient-address channel's rule is i17a's rule from recipient-rules.ts.

const modules: Record<keyof typeof CHANNELS, ChannelProviders> = { SMS: smsProviders, EMAIL: emailProviders, PUSH: pushProviders, MQ: mqProviders };
const deps = { doc: {}, messagesTable: 't', config: {}, sqs: () => ({}) } as unknown as ProviderDeps;

describe('channel registry', () => {
  it.each([...CHANNEL_KINDS])('%s: providers, sender lanes and address rule agree with the registry', (channel) => {
    const spec = CHANNELS[channel];
    expect(Object.keys(modules[channel](deps)).sort()).toEqual([...spec.providers].sort());
    const sender = deliveryFunctions[CHANNEL_SENDERS[channel]];
    expect(sender.triggers.map((t) => ('queue' in t ? t.queue : ''))).toEqual([...laneQueues(channelOwner(channel))]);
    if (spec.address.from === 'recipient') expect(spec.address.rule).toBe(ADDRESS[channel]);
  });

  it('takes each address from where the registry says, and a channel without one says so', () => {
    expect(addressOf('SMS', {}, { mobile: ' 13900000000 ' })).toBe('13900000000');
    expect(addressOf('PUSH', {}, { mobile: '1' })).toBeUndefined();
    expect(addressOf('MQ', {}, {})).toBe('mqOutbound');
    expect(addressOf('MQ', { queue: 'billing' }, {})).toBe('billing');
  });

  it('keeps the published MQ payload example (version 1) parsing', () => {
    expect(mqPayloadV1().parse(example)).toMatchObject({ schemaVersion: 'hcmsg.mq.v1', recipient: { userId: 'u1' } });
    expect(mqPayloadV1().safeParse({ ...example, schemaVersion: 'hcmsg.mq.v2' }).success).toBe(false);
  });
});
