import type { Bindings, FunctionSpec, QueueTrigger } from './types.ts';

// The delivery half of the pipeline (seed flow 1 steps 4–16): split, per-channel senders, rescans,
// and the operators' OUTBOX view.

const lane = (queue: string, batchSize: number, maxConcurrency: number): QueueTrigger => ({ type: 'queue', queue, batchSize, maxConcurrency });

const channelLanes = ['smsGeneral', 'smsGreen', 'emailGeneral', 'emailGreen', 'pushGeneral', 'pushGreen', 'mqGeneral', 'mqGreen'];

/** Services without a resource of ours: the grant is the action itself. */
const smsService = { actions: ['sns:Publish'], reason: 'SMS through Amazon SNS direct publish to phone numbers (SNS_SMS send types)' };
const emailService = { actions: ['ses:SendRawEmail'], reason: 'e-mail with attachments through Amazon SES (SES send types)' };
const pushService = {
  actions: ['sns:CreatePlatformEndpoint', 'sns:Publish'],
  reason: 'app push through SNS mobile push: device tokens become endpoints of the configured platform applications (SNS_PUSH send types)',
};

/**
 * A per-channel sender: both lanes of its channel (green with its own concurrency so bulk cannot
 * starve it); it re-enqueues its delayed retries to the same lanes. 100 recipients per record at
 * 10 provider calls in flight with a 5 s provider timeout fit in 60 s.
 */
const sender = ([general, green]: [string, string], extra: Bindings): Omit<FunctionSpec, 'entry'> => ({
  memoryMb: 512,
  timeoutSeconds: 60,
  triggers: [lane(general, 10, 20), lane(green, 10, 10)],
  bindings: {
    ...extra,
    // messages: the records, and the OUTBOX provider's entries.
    tables: { config: 'read', messages: 'readWrite', ...extra.tables },
    queues: [...new Set([general, green, ...(extra.queues ?? [])])],
  },
});

export const deliveryFunctions = {
  splitRequest: {
    entry: 'functions/queues/split-request.ts',
    memoryMb: 1024,
    timeoutSeconds: 120,
    triggers: [lane('requestGeneral', 5, 10), lane('requestGreen', 5, 5)],
    // counters: the interception screen's per-recipient caps.
    bindings: { tables: { config: 'read', messages: 'readWrite', counters: 'readWrite' }, queues: channelLanes },
  },
  sendSms: {
    ...sender(['smsGeneral', 'smsGreen'], {
      // captcha + counters: the captcha kind of message on the SMS lanes (delivered by this consumer).
      tables: { config: 'read', messages: 'readWrite', counters: 'readWrite', captcha: 'readWrite' },
      // captchaKey: queued captcha SMS texts are sealed with a key derived from it.
      secrets: ['captchaKey'],
      // HTTP_SMS signing keys, named by the send type's settings.signingKeySecret.
      providerSecrets: true,
      services: [smsService],
    }),
    entry: 'functions/queues/send-sms.ts',
  },
  sendEmail: {
    ...sender(['emailGeneral', 'emailGreen'], { buckets: { attachments: 'read' }, services: [emailService] }),
    entry: 'functions/queues/send-email.ts',
  },
  sendPush: {
    ...sender(['pushGeneral', 'pushGreen'], { services: [pushService] }),
    entry: 'functions/queues/send-push.ts',
  },
  sendMq: {
    ...sender(['mqGeneral', 'mqGreen'], { queues: ['mqOutbound'] }),
    entry: 'functions/queues/send-mq.ts',
  },
  rescanRequests: {
    entry: 'functions/schedules/rescan-requests.ts',
    memoryMb: 512,
    timeoutSeconds: 60,
    triggers: [{ type: 'schedule', rateMinutes: 1 }],
    bindings: { tables: { messages: 'readWrite' }, queues: ['requestGeneral', 'requestGreen'] },
  },
  rescanSendRecords: {
    entry: 'functions/schedules/rescan-send-records.ts',
    memoryMb: 512,
    timeoutSeconds: 60,
    triggers: [{ type: 'schedule', rateMinutes: 1 }],
    bindings: { tables: { messages: 'readWrite' }, queues: channelLanes },
  },
} satisfies Record<string, FunctionSpec>;
