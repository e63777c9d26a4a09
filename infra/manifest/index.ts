import { CALLBACK_MAX_ATTEMPTS } from '#contracts/callback-attempts';
import { ALL_LANE_QUEUES, type LaneQueue } from '#contracts/lanes';
import { adminFunctions } from './functions-admin.ts';
import { captchaFunctions } from './functions-captcha.ts';
import { deliveryFunctions } from './functions-delivery.ts';
import { deviceFunctions } from './functions-devices.ts';
import { feedbackFunctions } from './functions-feedback.ts';
import { fileFunctions } from './functions-files.ts';
import { intakeFunctions } from './functions-intake.ts';
import { platformFunctions } from './functions-platform.ts';
import { reportFunctions } from './functions-reports.ts';
import type { Manifest, QueueSpec, TableSpec } from './types.ts';

// Every table uses generic, overloaded key and index names (single-table design per domain), so new
// access patterns are new key shapes, not new tables.
const keyed = (indexes: string[], ttl = true, keysOnly: string[] = []): TableSpec => ({
  partitionKey: 'pk',
  sortKey: 'sk',
  indexes: [...indexes, ...keysOnly].map((name) => ({
    name,
    partitionKey: `${name}pk`,
    sortKey: `${name}sk`,
    ...(keysOnly.includes(name) ? { keysOnly: true } : {}),
  })),
  ...(ttl ? { ttlAttribute: 'expiresAt' } : {}),
});

/** Every lane (contracts/lanes.ts) is a queue with its DLQ. */
const lanes = Object.fromEntries(ALL_LANE_QUEUES.map((queue) => [queue, { maxReceiveCount: 5 }])) as Record<LaneQueue, QueueSpec>;

export const manifest = {
  tables: {
    /** Configuration: business types, channels, templates, dispatch, scenes, lists, institutions… */
    config: keyed(['gsi1', 'gsi2'], false),
    /**
     * Requests, recipients, send records, inbox messages, interception records, outbox. The hot path
     * (request → send record → outbox) writes only `day` (keys only) and, when something goes wrong,
     * `pending`: every index an item is in costs a write unit per change (docs/ARCHITECTURE.md).
     */
    messages: keyed(['gsi1', 'gsi2', 'gsi3', 'pending'], true, ['day']),
    /** Captcha apply requests, records, the newest-code pointer and sequence counters. */
    captcha: keyed(['gsi1', 'gsi2']),
    /** Atomic counters with TTL: send caps per recipient, rate limits. */
    counters: keyed([]),
    /** Who changed what, when, with before and after. */
    audit: keyed(['gsi1', 'gsi2']),
  },
  queues: {
    ...lanes,
    /** Where the MQ send type delivers: the downstream systems' queue. */
    mqOutbound: { maxReceiveCount: 5, visibilityTimeoutSeconds: 60 },
    /** AWS two-way SMS: the inbound topic delivers each message here raw (topics below). */
    inboundSms: { maxReceiveCount: 5 },
    /** Caller callbacks: one message per batch; the consumer's backoff is the message's visibility. */
    callbackDelivery: { maxReceiveCount: CALLBACK_MAX_ATTEMPTS },
    /** File jobs (SPEC §10): segments to read, chunks of rows, delivery checks. */
    fileRead: { maxReceiveCount: 5 },
    fileRows: { maxReceiveCount: 5 },
    fileProgress: { maxReceiveCount: 5 },
    /** Status reports from every source (gateway receipts, SMS delivery logs, SES and push events, the OUTBOX). */
    statusReports: { maxReceiveCount: 10 },
  },
  topics: {
    /** AWS End User Messaging SMS two-way destination: the platform number's inbound messages. */
    inboundSms: { purpose: 'inbound SMS from AWS two-way SMS (End User Messaging SMS)', deliverTo: 'inboundSms', publisherService: 'sms-voice.amazonaws.com' },
  },
  buckets: {
    attachments: { purpose: 'e-mail attachments referenced by enclosureInfo ids', expireDays: 30, browserUpload: true },
    imports: { purpose: 'Excel imports, recipient files, their templates and reports', expireDays: 7, browserUpload: true },
  },
  secrets: {
    captchaKey: { purpose: 'HMAC key that captcha codes are hashed with' },
    callbackKey: { purpose: 'key that caller callback signing secrets are sealed with at rest' },
  },
  functions: {
    ...platformFunctions,
    ...intakeFunctions,
    ...deliveryFunctions,
    ...feedbackFunctions,
    ...captchaFunctions,
    ...adminFunctions,
    ...fileFunctions,
    ...reportFunctions,
    ...deviceFunctions,
  },
} satisfies Manifest;

export type AppManifest = typeof manifest;
export type TableName = keyof AppManifest['tables'];
export type QueueName = keyof AppManifest['queues'];
export type FunctionName = keyof AppManifest['functions'];
