import { laneQueues } from '#contracts/lanes';
import { routesOf } from './admin-triggers.ts';
import type { FunctionSpec, HttpTrigger } from './types.ts';

// 导入请求 and 文件请求 (SPEC §10), and e-mail attachments: files go to and from S3 by presigned URLs,
// are read as streams (readFile), fanned out in chunks (processFileRows → intake) and followed to
// delivery (trackFileProgress). docs/ARCHITECTURE.md → file jobs.

const apiKey = (method: HttpTrigger['method'], path: string): HttpTrigger => ({ type: 'http', method, path, auth: 'apiKey' });

export const fileFunctions = {
  fileUploadUrl: {
    entry: 'functions/http/file-upload-url.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    triggers: [apiKey('POST', '/api/hcmsg/files/upload-url')],
    bindings: { tables: { config: 'read' }, buckets: { imports: 'readWrite' } },
  },
  sendFileMessage: {
    entry: 'functions/http/send-file-message.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    triggers: [apiKey('POST', '/api/hcmsg/sendFileMessage')],
    bindings: { tables: { config: 'read', messages: 'readWrite' }, buckets: { imports: 'read' }, queues: ['fileRead'] },
  },
  getFileRequest: {
    entry: 'functions/http/get-file-request.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    triggers: [apiKey('GET', '/api/hcmsg/files/{fileRequestId}')],
    bindings: { tables: { config: 'read', messages: 'read' } },
  },
  attachmentUpload: {
    entry: 'functions/http/attachment-upload.ts',
    memoryMb: 256,
    timeoutSeconds: 10,
    triggers: [apiKey('POST', '/api/hcmsg/attachments')],
    bindings: { tables: { config: 'read', messages: 'readWrite' }, buckets: { attachments: 'readWrite' } },
  },
  completeAttachment: {
    entry: 'functions/http/complete-attachment.ts',
    memoryMb: 256,
    timeoutSeconds: 15,
    triggers: [apiKey('POST', '/api/hcmsg/attachments/{attachmentId}/complete')],
    bindings: { tables: { config: 'read', messages: 'readWrite' }, buckets: { attachments: 'readWrite' } },
  },
  adminImports: {
    entry: 'functions/http/admin-imports.ts',
    // The report of a large import is built in memory as one .xlsx.
    memoryMb: 1024,
    timeoutSeconds: 29,
    triggers: routesOf('adminImports'),
    bindings: { tables: { messages: 'readWrite', audit: 'readWrite' }, buckets: { imports: 'readWrite' }, queues: ['fileRead'] },
  },
  readFile: {
    entry: 'functions/queues/read-file.ts',
    // A segment is 25,000 rows: a few seconds of parsing; memory holds one chunk and the row hashes.
    memoryMb: 1024,
    timeoutSeconds: 300,
    triggers: [{ type: 'queue', queue: 'fileRead', batchSize: 1, maxConcurrency: 2 }],
    bindings: { tables: { config: 'read', messages: 'readWrite' }, buckets: { imports: 'read' }, queues: ['fileRead', 'fileRows', 'fileProgress'] },
  },
  processFileRows: {
    entry: 'functions/queues/process-file-rows.ts',
    memoryMb: 512,
    timeoutSeconds: 120,
    // Bulk work: its concurrency is capped so an import cannot starve the message lanes it feeds.
    triggers: [{ type: 'queue', queue: 'fileRows', batchSize: 1, maxConcurrency: 10 }],
    bindings: { tables: { config: 'read', messages: 'readWrite' }, queues: [...laneQueues('request'), 'fileRead', 'fileProgress'] },
  },
  trackFileProgress: {
    entry: 'functions/queues/track-file-progress.ts',
    memoryMb: 256,
    timeoutSeconds: 60,
    triggers: [{ type: 'queue', queue: 'fileProgress', batchSize: 5, maxConcurrency: 5 }],
    bindings: { tables: { messages: 'readWrite' }, queues: ['fileRead', 'fileProgress'] },
  },
} as const satisfies Record<string, FunctionSpec>;
