import * as z from 'zod/mini';

// Apart from send-message.ts (which re-exports it) so the admin actions, which answer it, do not
// build the sendMessage body's schemas at load.

/** POST /api/hcmsg/requests/{requestNo}/cancel: a scheduled request not yet due. */
export const cancelRequestResult = z.object({
  requestNo: z.string(),
  status: z.literal('CANCELLED'),
});
export type CancelRequestResult = z.infer<typeof cancelRequestResult>;
