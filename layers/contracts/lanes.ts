import { CHANNEL_KINDS, type ChannelKind } from './config-common.ts';

// The one definition of the lanes: requests and every channel travel on two SQS queues each, a
// general one and a green one (绿色通道) with its own concurrency so bulk traffic cannot starve it.
// The manifest's queues, the functions' bindings, the env they read and the operators' DLQ list all
// derive from here.

export const LANE_KINDS = ['general', 'green'] as const;
export type LaneKind = (typeof LANE_KINDS)[number];

/** Who owns a pair of lanes: the request intake or one channel (lower case, as queue names are camelCase). */
export type LaneOwner = 'request' | Lowercase<ChannelKind>;
export type LaneQueue<O extends LaneOwner = LaneOwner> = `${O}${Capitalize<LaneKind>}`;

export const channelOwner = <C extends ChannelKind>(channel: C): Lowercase<C> => channel.toLowerCase() as Lowercase<C>;

/** The queue names of one owner's lanes, general first. */
export const laneQueues = <O extends LaneOwner>(owner: O): readonly [`${O}General`, `${O}Green`] => [`${owner}General`, `${owner}Green`];

/** Every channel's lanes (SMS, EMAIL, PUSH, MQ), in channel order. */
export const CHANNEL_LANE_QUEUES: readonly LaneQueue<Lowercase<ChannelKind>>[] = CHANNEL_KINDS.flatMap((c) => laneQueues(channelOwner(c)));

/** Every lane: the request lanes, then the channels'. */
export const ALL_LANE_QUEUES: readonly LaneQueue[] = [...laneQueues('request'), ...CHANNEL_LANE_QUEUES];
