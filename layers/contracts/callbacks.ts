import * as z from 'zod/mini';
import { described, lazily } from './primitives.ts';

// Caller callbacks (SPEC §9, beyond the seed): an institution's URL receives its requests' final
// per-recipient outcomes, one signed batch per request. The headers and the verification are in
// docs/CALLBACKS.md. The schemas are built the first time they are asked for: every sender and the
// report ingestion may create a delivery, few of their invocations do.

export { CALLBACK_SIGNATURE_HEADER, CALLBACK_TIMESTAMP_HEADER } from './callback-headers.ts';
export { CALLBACK_MAX_ATTEMPTS } from './callback-attempts.ts';

export const callbackSettings = lazily(() =>
  z.object({
    url: z.url().check(z.maxLength(2000), z.refine((u) => /^https?:\/\//.test(u), { message: '回调地址应为 http(s) URL (an http or https URL)' })),
    enabled: z._default(z.boolean(), true),
  }),
);

/** What the admin centre shows: never the secret, only its first characters. */
export const callbackConfigView = lazily(() =>
  z.extend(callbackSettings(), {
    institution: z.string(),
    secretPrefix: described(z.string(), { description: 'first characters of the signing secret, to tell secrets apart' }),
    version: z.int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
);
export type CallbackConfigView = z.infer<ReturnType<typeof callbackConfigView>>;

/** The answer that carries a new signing secret: this once, never again. */
export const callbackSecretIssued = lazily(() =>
  z.extend(callbackConfigView(), { secret: z.optional(z.string()).check(z.describe('shown once: store it now')) }),
);

/** One recipient's final outcome in a callback batch. */
export const callbackRecipient = lazily(() =>
  z.object({
    sendId: z.string(),
    channel: z.string(),
    index: z.int(),
    to: described(z.string(), { description: 'masked address' }),
    userId: z.optional(z.string()),
    status: z.string(),
    providerMessageId: z.optional(z.string()),
    error: z.optional(z.string()),
    at: z.optional(z.string()),
  }),
);

/** The POSTed body: one request's final outcome. */
export const callbackBatch = lazily(() =>
  z.object({
    id: described(z.string(), { description: 'delivery id: the same on every retry, so a receiver can deduplicate' }),
    institution: z.string(),
    requestNo: z.string(),
    outcome: z.string(),
    part: described(z.int(), { description: 'this batch of the request, from 1' }),
    parts: described(z.int(), { description: 'batches the request has (recipients 200 per batch)' }),
    recipients: z.array(callbackRecipient()),
    createdAt: z.string(),
  }),
);
export type CallbackBatch = z.infer<ReturnType<typeof callbackBatch>>;

export const callbackDeliveryStatus = z.enum(['PENDING', 'DELIVERED', 'DEAD']);

/** A callback delivery as the admin centre shows it: attempts, status codes, last error. */
export const callbackDeliveryView = lazily(() =>
  z.object({
    id: z.string(),
    institution: z.string(),
    requestNo: z.string(),
    outcome: z.string(),
    recipientCount: z.int(),
    url: z.string(),
    status: callbackDeliveryStatus,
    attempts: z.int(),
    lastStatusCode: z.optional(z.int()),
    lastError: z.optional(z.string()),
    history: z.array(z.object({ at: z.string(), statusCode: z.optional(z.int()), error: z.optional(z.string()) })),
    createdAt: z.string(),
    updatedAt: z.string(),
    deliveredAt: z.optional(z.string()),
  }),
);
export type CallbackDeliveryView = z.infer<ReturnType<typeof callbackDeliveryView>>;

/** The callback queue's message: the delivery's id only, the batch is read from DynamoDB. */
export const callbackQueueMessage = z.object({ deliveryId: z.string() });
