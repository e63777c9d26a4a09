import { sendFileMessageBody } from '#contracts/file-jobs';
import { documentClient } from '#adapters/aws-clients';
import { s3Client } from '#adapters/s3-client';
import { cachedConfig } from '#adapters/cached-config';
import { createAttachmentStore } from '#adapters/dynamo/attachment-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createFileJobStore } from '#adapters/dynamo/file-job-store';
import { s3ObjectUrls } from '#adapters/files/s3-objects';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { submitFileMessage } from '#core/files/file-requests';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('sendFileMessage');
const doc = documentClient();
const config = cachedConfig(createConfigStore(doc, env.TABLE_CONFIG));
const deps = {
  jobs: createFileJobStore(doc, env.TABLE_MESSAGES),
  urls: s3ObjectUrls(s3Client(), env.BUCKET_IMPORTS),
  config,
  attachments: createAttachmentStore(doc, env.TABLE_MESSAGES),
  queue: sqsPublisher(),
  queues: { read: env.QUEUE_FILE_READ_URL },
  now: () => new Date(),
};

export const handler = httpHandler({ body: sendFileMessageBody(), authenticate: apiKeyAuth(config) }, async ({ body, principal }) =>
  submitFileMessage(deps, principal.institution, body),
);
