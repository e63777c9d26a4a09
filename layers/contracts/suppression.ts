import * as z from 'zod/mini';

// 抑制名单 (SPEC §9): what the admin centre lists and lifts. The port the pipeline uses is
// layers/core/suppression/suppression-port.ts; this is the same item as the admin API shows it.

export const suppressedChannel = z.enum(['EMAIL', 'PUSH']);
export const suppressionReason = z.enum(['HARD_BOUNCE', 'COMPLAINT', 'ENDPOINT_DISABLED']);

export const suppressionView = z.object({
  channel: suppressedChannel,
  address: z.string().check(z.describe('e-mail address (lower-case) or device number')),
  reason: suppressionReason,
  source: z.string().check(z.describe('the status report (MSG_REPORT id) or provider event that said so')),
  at: z.string(),
});
export type SuppressionView = z.infer<typeof suppressionView>;

/** 解除抑制: the address as listed; e-mail is compared lower-case. */
export const liftSuppressionBody = z.object({
  channel: suppressedChannel,
  address: z.string().check(z.trim(), z.minLength(1), z.maxLength(256)),
});
