import { documentClient } from '#adapters/aws-clients';
import { s3Client } from '#adapters/s3-client';
import { createAuditLog } from '#adapters/dynamo/audit-store';
import { createFileJobStore } from '#adapters/dynamo/file-job-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { adminAuth } from '#runtime/admin-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { importsRouter } from './admin/imports-routes.ts';

const env = functionEnvOf('adminImports');
const doc = documentClient();
const route = importsRouter({
  doc,
  table: env.TABLE_MESSAGES,
  s3: s3Client(),
  bucket: env.BUCKET_IMPORTS,
  jobs: createFileJobStore(doc, env.TABLE_MESSAGES),
  audit: createAuditLog(doc, env.TABLE_AUDIT),
  queue: sqsPublisher(), // its sender built with the first import sent
  queues: { read: env.QUEUE_FILE_READ_URL },
});

export const handler = httpHandler({ authenticate: adminAuth }, (req) => route(req));
