import { CHANNEL_KINDS, type ChannelKind } from '#contracts/config-common';
import { ALL_LANE_QUEUES, channelOwner, laneQueues, type LaneOwner, type LaneQueue } from '#contracts/lanes';
import type { ChannelLanes, Lane } from '#core/delivery/ports';
import { envKey, type Constant } from '#infra/manifest/env-keys';

// Lane URLs out of a function's environment (runtime/env.ts), by the lane list in contracts/lanes.ts:
// the env types say which lanes a function is bound to, so asking for others does not compile.

type UrlKey<Q extends string> = `QUEUE_${Constant<Q>}_URL`;
type DlqKey<Q extends string> = `QUEUE_${Constant<Q>}_DLQ_URL`;
export type LaneEnv<O extends LaneOwner> = { readonly [K in UrlKey<LaneQueue<O>>]: string };

const read = (env: object, key: string): string => (env as Record<string, string>)[key]!;

/** One owner's lanes (request, sms, email…), from the QUEUE_<OWNER>_<GENERAL|GREEN>_URL keys. */
export const laneOf = <O extends LaneOwner>(env: LaneEnv<O>, owner: O): Lane => {
  const [general, green] = laneQueues(owner);
  return { general: read(env, envKey.queueUrl(general)), green: read(env, envKey.queueUrl(green)) };
};

/** Every channel's lanes: the environment a binding to CHANNEL_LANE_QUEUES gives. */
export const channelLanes = (env: LaneEnv<Lowercase<ChannelKind>>): ChannelLanes =>
  Object.fromEntries(CHANNEL_KINDS.map((channel) => [channel, laneOf(env, channelOwner(channel))])) as ChannelLanes;

/** Every lane with its DLQ, by queue name: the environment a queueAdmin binding to ALL_LANE_QUEUES gives. */
export const deadLetterLanes = (env: { readonly [K in UrlKey<LaneQueue> | DlqKey<LaneQueue>]: string }): Record<LaneQueue, { url: string; dlqUrl: string }> =>
  Object.fromEntries(ALL_LANE_QUEUES.map((queue) => [queue, { url: read(env, envKey.queueUrl(queue)), dlqUrl: read(env, envKey.dlqUrl(queue)) }])) as Record<
    LaneQueue,
    { url: string; dlqUrl: string }
  >;
