import * as z from 'zod/mini';
import { lazily, safeId } from './primitives.ts';

// 导入请求 (IMPORT_MSG_REQUEST) and 文件请求 (MSG_FILE_REQUEST / MSG_FILE_DETAIL): one job engine
// (docs/ARCHITECTURE.md → file jobs). A job is a file in the imports bucket read as a stream, fanned
// out in chunks of rows through SQS; every row becomes a row item with its own status. Each schema is
// built on first use (`lazily`): a function uses one or two of them, and built at load they were ~100
// zod objects in each of the nine file functions.

/** IMPORT: an operator's Excel import (one message per row); FILE: an institution's recipient file (one message, a recipient per line). */
export const fileJobKind = lazily(() => z.enum(['IMPORT', 'FILE']));
export type FileJobKind = z.infer<ReturnType<typeof fileJobKind>>;

export const fileJobStatus = lazily(() => z.enum(['UPLOADING', 'VALIDATING', 'VALIDATED', 'SENDING', 'COMPLETED', 'PARTIAL', 'FAILED', 'CANCELLED']));
export type FileJobStatus = z.infer<ReturnType<typeof fileJobStatus>>;

/** validate: rows are checked and reported, nothing is sent; send: valid rows become requests. */
export const filePhase = lazily(() => z.enum(['validate', 'send']));
export type FilePhase = z.infer<ReturnType<typeof filePhase>>;

export const fileRowStatus = lazily(() => z.enum(['VALID', 'INVALID', 'ACCEPTED', 'REFUSED', 'DELIVERED', 'FAILED']));
export type FileRowStatus = z.infer<ReturnType<typeof fileRowStatus>>;

export const rowError = lazily(() => z.object({ column: z.string(), message: z.string() }));
export type RowError = z.infer<ReturnType<typeof rowError>>;

export const fileCounts = lazily(() =>
  z.object({
    rowsRead: z._default(z.number(), 0),
    rowsValid: z._default(z.number(), 0),
    rowsInvalid: z._default(z.number(), 0),
    rowsAccepted: z._default(z.number(), 0),
    rowsRefused: z._default(z.number(), 0),
    rowsDelivered: z._default(z.number(), 0),
    rowsFailed: z._default(z.number(), 0),
  }),
);
export type FileCounts = z.infer<ReturnType<typeof fileCounts>>;
export type CountName = keyof FileCounts;

export const fileJob = lazily(() =>
  z.extend(z
    .object({
      id: z.string(),
      kind: fileJobKind(),
      status: fileJobStatus(),
      institution: z.optional(z.string()),
      /** FILE: the caller's requestNo of the file request (unique per institution). */
      requestNo: z.optional(z.string()),
      fileName: z.string(),
      fileType: z.enum(['xlsx', 'csv']),
      /** Object key in the imports bucket. */
      detailFilePath: z.string(),
      /** FILE: the message every line is sent (sendMessage fields without userIds), as JSON. */
      message: z.optional(z.record(z.string(), z.unknown())),
      bodyHash: z.optional(z.string()),
      /** The object's ETag when validated: the send phase reads exactly that version. */
      etag: z.optional(z.string()),
      /** Rows per chunk (FILE_CHUNK_ROWS when validated): the send phase cuts the same chunks, so a re-run sends nothing twice. */
      chunkRows: z.optional(z.int().check(z.positive())),
      /** Rows in the file (header excluded), known once the reader reached its end. */
      totalRows: z.optional(z.number()),
      /** Why the file itself was refused (FAILED): names the row and column where it applies. */
      error: z.optional(z.string()),
      createdBy: z.optional(z.string()),
      createdAt: z.string(),
      updatedAt: z.string(),
      validatedAt: z.optional(z.string()),
      confirmedAt: z.optional(z.string()),
      /** When every row of the send phase was accepted or refused. */
      acceptedAt: z.optional(z.string()),
      finishedAt: z.optional(z.string()),
    }), fileCounts().shape),
);
export type FileJob = z.infer<ReturnType<typeof fileJob>>;

export const fileRow = lazily(() =>
  z.object({
    id: z.string(),
    jobId: z.string(),
    rowNo: z.number(),
    status: fileRowStatus(),
    cells: z.record(z.string(), z.string()),
    errors: z.optional(z.array(rowError())),
    requestNo: z.optional(z.string()),
    /** FILE: the line's place among the recipients of its chunk's request. */
    recipientIndex: z.optional(z.number()),
    institution: z.optional(z.string()),
    bizType: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type FileRow = z.infer<ReturnType<typeof fileRow>>;

const jobRef = () => ({ kind: fileJobKind(), jobId: z.string() });

/**
 * fileRead queue: read one segment of the job's file (a fixed number of data rows, so a reader never
 * needs a long run and a redelivered segment produces exactly the same chunks); the last row of a
 * segment enqueues the next one.
 */
export const readFileMessage = lazily(() => z.object({ ...jobRef(), phase: filePhase(), segment: z._default(z.int().check(z.gte(0)), 0) }));
export type ReadFileMessage = z.infer<ReturnType<typeof readFileMessage>>;

const rawRow = () => z.object({ rowNo: z.number(), cells: z.record(z.string(), z.string()), errors: z._default(z.array(rowError()), []) });
export type RawRow = z.infer<ReturnType<typeof rawRow>>;

/** fileRows queue: one chunk of rows to validate (and, in the send phase, send). */
export const fileRowsMessage = lazily(() => z.object({ ...jobRef(), phase: filePhase(), chunkNo: z.int().check(z.gte(0)), rows: z.array(rawRow()) }));
export type FileRowsMessage = z.infer<ReturnType<typeof fileRowsMessage>>;

/** fileProgress queue: check whether a chunk's accepted rows were delivered. */
export const fileProgressMessage = lazily(() => z.object({ ...jobRef(), chunkNo: z.int().check(z.gte(0)), rowNos: z.array(z.number()), attempt: z._default(z.int().check(z.gte(0)), 0) }));
export type FileProgressMessage = z.infer<ReturnType<typeof fileProgressMessage>>;

export const uploadTicket = lazily(() => z.object({
  uploadUrl: z.string().check(z.describe('PUT the file here (presigned, expires in expiresInSeconds)')),
  expiresInSeconds: z.number(),
}));

export const fileName = lazily(() => safeId(z.string().check(z.minLength(1), z.maxLength(200))).check(z.meta({ description: '文件名: .xlsx or .csv', example: 'recipients.csv' })));

/** POST /api/hcmsg/files/upload-url and /api/admin/imports: where the file goes. */
export const uploadRequest = lazily(() => z.object({ institution: z.optional(safeId(z.string().check(z.minLength(1), z.maxLength(32)))), fileName: fileName() }));

/**
 * POST /api/hcmsg/sendFileMessage: sendMessage's fields without userIds (they are checked by the
 * sendMessage schema itself, so the two cannot drift), plus the uploaded file's id.
 */
export const sendFileMessageBody = lazily(() => z.looseObject({
  fileId: safeId(z.string().check(z.minLength(1), z.maxLength(64))).check(z.meta({ description: '上传的接收人文件 id (from upload-url)' })),
}));

export { attachment, attachmentStatus, type Attachment } from './attachment.ts';

export const fileRequestParams = lazily(() => z.object({ fileRequestId: z.string().check(z.regex(/^F[0-9A-F]{15}$/, { message: '文件请求ID格式不正确 (malformed file request id)' })) }));
export const fileRequestQuery = lazily(() => z.object({
  status: z.optional(fileRowStatus()),
  limit: z._default(z.pipe(z.coerce.number(), z.int()).check(z.gte(1), z.lte(100)), 100),
  cursor: z.optional(z.string().check(z.maxLength(4000))),
}));
export const attachmentParams = lazily(() => z.object({ attachmentId: z.string().check(z.regex(/^[0-9a-f]{32}$/, { message: '附件 id 格式不正确 (malformed attachment id)' })) }));
