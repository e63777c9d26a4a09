import * as z from 'zod/mini';

// An e-mail attachment as stored (its upload's state): read by sendMessage's intake check as well as
// by the attachment functions, so it sits apart from the file-job contract (file-jobs.ts re-exports
// it) and intake does not build every file-job schema at load.

export const attachmentStatus = z.enum(['UPLOADING', 'READY', 'REJECTED']);
export const attachment = z.object({
  id: z.string(),
  institution: z.string(),
  fileName: z.string(),
  status: attachmentStatus,
  size: z.optional(z.number()),
  contentType: z.optional(z.string()),
  error: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Attachment = z.infer<typeof attachment>;
