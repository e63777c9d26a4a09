import * as z from 'zod';
import type { ChannelLanes } from '#core/delivery/ports';

const url = z.string().min(1);

/** The environment a binding to every channel lane gives (QUEUE_<CHANNEL>_<GENERAL|GREEN>_URL). */
export const channelLaneEnv = z.object({
  QUEUE_SMS_GENERAL_URL: url,
  QUEUE_SMS_GREEN_URL: url,
  QUEUE_EMAIL_GENERAL_URL: url,
  QUEUE_EMAIL_GREEN_URL: url,
  QUEUE_PUSH_GENERAL_URL: url,
  QUEUE_PUSH_GREEN_URL: url,
  QUEUE_MQ_GENERAL_URL: url,
  QUEUE_MQ_GREEN_URL: url,
});

export const channelLanes = (env: z.infer<typeof channelLaneEnv>): ChannelLanes => ({
  SMS: { general: env.QUEUE_SMS_GENERAL_URL, green: env.QUEUE_SMS_GREEN_URL },
  EMAIL: { general: env.QUEUE_EMAIL_GENERAL_URL, green: env.QUEUE_EMAIL_GREEN_URL },
  PUSH: { general: env.QUEUE_PUSH_GENERAL_URL, green: env.QUEUE_PUSH_GREEN_URL },
  MQ: { general: env.QUEUE_MQ_GENERAL_URL, green: env.QUEUE_MQ_GREEN_URL },
});
