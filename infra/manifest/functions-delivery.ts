import { CHANNEL_LANE_QUEUES, laneQueues, type LaneQueue } from '#contracts/lanes';
import type { ChannelKind } from '#contracts/config-common';
import type { FunctionSpec, QueueTrigger } from './types.ts';

// The delivery half of the pipeline (seed flow 1 steps 4–16): split, per-channel senders, rescans,
// and the operators' OUTBOX view.

const lane = (queue: LaneQueue, batchSize: number, maxConcurrency: number): QueueTrigger => ({ type: 'queue', queue, batchSize, maxConcurrency });

/** Services without a resource of ours: the grant is the action itself. */
const smsService = { actions: ['sns:Publish'], reason: 'SMS through Amazon SNS direct publish to phone numbers (SNS_SMS send types)', scope: 'smsRegion' } as const;
const emailService = { actions: ['ses:SendRawEmail'], reason: 'e-mail with attachments through Amazon SES (SES send types)', scope: 'sesIdentities' } as const;
const pushService = {
  scope: 'snsPush',
  actions: ['sns:CreatePlatformEndpoint', 'sns:Publish'],
  reason: 'app push through SNS mobile push: device tokens become endpoints of the configured platform applications (SNS_PUSH send types)',
} as const;
const broadcastService = { scope: 'pushBroadcastTopics', actions: ['sns:Publish'], reason: "pushType ALL: one publish to the device type's broadcast topic reaches every registered device" } as const;

/**
 * A per-channel sender consumes both lanes of its channel (green with its own concurrency so bulk
 * cannot starve it) and re-enqueues its delayed retries to the same lanes, so it binds them too.
 * 100 recipients per record at 10 provider calls in flight with a 5 s provider timeout fit in 60 s.
 */
const sender = (owner: 'sms' | 'email' | 'push' | 'mq') => {
  const [general, green] = laneQueues(owner);
  return { memoryMb: 512, timeoutSeconds: 60, triggers: [lane(general, 10, 20), lane(green, 10, 10)] };
};

// Each sender's bindings are written out whole: they are also its environment's type (runtime/env.ts).
// messages: the records, and the OUTBOX provider's entries.
export const deliveryFunctions = {
  splitRequest: {
    entry: 'functions/queues/split-request.ts',
    memoryMb: 1024,
    timeoutSeconds: 120,
    triggers: [lane('requestGeneral', 5, 10), lane('requestGreen', 5, 5)],
    // counters: the interception screen's per-recipient caps.
    bindings: { tables: { config: 'read', messages: 'readWrite', counters: 'readWrite' }, queues: [...CHANNEL_LANE_QUEUES, 'callbackDelivery'] },
  },
  sendSms: {
    ...sender('sms'),
    entry: 'functions/queues/send-sms.ts',
    bindings: {
      // captcha: the captcha kind of message on the SMS lanes (delivered by this consumer).
      tables: { config: 'read', messages: 'readWrite', captcha: 'readWrite', audit: 'readWrite' },
      // statusReports: the OUTBOX's simulated receipts (outbox-reports.ts).
      queues: [...laneQueues('sms'), 'callbackDelivery', 'statusReports'],
      // captchaKey: queued captcha SMS texts are sealed with a key derived from it.
      secrets: ['captchaKey'],
      // HTTP_SMS signing keys, named by the send type's settings.signingKeySecret.
      providerSecrets: true,
      services: [smsService],
    },
  },
  sendEmail: {
    ...sender('email'),
    entry: 'functions/queues/send-email.ts',
    bindings: { tables: { config: 'read', messages: 'readWrite', audit: 'readWrite' }, queues: [...laneQueues('email'), 'callbackDelivery', 'statusReports'], buckets: { attachments: 'read' }, services: [emailService] },
  },
  sendPush: {
    ...sender('push'),
    entry: 'functions/queues/send-push.ts',
    bindings: { tables: { config: 'read', messages: 'readWrite', audit: 'readWrite' }, queues: [...laneQueues('push'), 'callbackDelivery'], services: [pushService, broadcastService] },
  },
  sendMq: {
    ...sender('mq'),
    entry: 'functions/queues/send-mq.ts',
    // mqTargets: downstream queues named hcmsg-target-… (contracts/mq-targets.ts), no redeploy per target.
    bindings: { tables: { config: 'read', messages: 'readWrite', audit: 'readWrite' }, queues: [...laneQueues('mq'), 'mqOutbound', 'callbackDelivery'], mqTargets: true },
  },
  rescanRequests: {
    entry: 'functions/schedules/rescan-requests.ts',
    memoryMb: 512,
    timeoutSeconds: 60,
    triggers: [{ type: 'schedule', rateMinutes: 1 }],
    // config: the stuck age (parameter RESCAN_STUCK_MINUTES).
    bindings: { tables: { config: 'read', messages: 'readWrite' }, queues: laneQueues('request') },
  },
  rescanSendRecords: {
    entry: 'functions/schedules/rescan-send-records.ts',
    memoryMb: 512,
    timeoutSeconds: 60,
    triggers: [{ type: 'schedule', rateMinutes: 1 }],
    bindings: { tables: { config: 'read', messages: 'readWrite' }, queues: CHANNEL_LANE_QUEUES },
  },
} as const satisfies Record<string, FunctionSpec>;

/**
 * The sender of each channel (core/channels/registry.ts): a channel added to contracts/config-common.ts
 * does not compile until it has one here, so its lanes (derived, contracts/lanes.ts) never fill up
 * unread and its recipients are never silently unsendable.
 */
export const CHANNEL_SENDERS = { SMS: 'sendSms', EMAIL: 'sendEmail', PUSH: 'sendPush', MQ: 'sendMq' } as const satisfies Record<ChannelKind, keyof typeof deliveryFunctions>;
