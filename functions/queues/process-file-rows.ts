import { fileRowsMessage } from '#contracts/file-jobs';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createAttachmentStore } from '#adapters/dynamo/attachment-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createFileJobStore } from '#adapters/dynamo/file-job-store';
import { createRequestIntakeStore } from '#adapters/dynamo/request-intake-store';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { processRows } from '#core/files/process-rows';
import { laneOf } from '#runtime/channel-lanes';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('processFileRows');
const doc = documentClient();
const config = cachedConfig(createConfigStore(doc, env.TABLE_CONFIG));
const attachments = createAttachmentStore(doc, env.TABLE_MESSAGES);
const queue = sqsPublisher();
const now = () => new Date();
const deps = {
  jobs: createFileJobStore(doc, env.TABLE_MESSAGES),
  config,
  attachments,
  // The same intake use case as POST /api/hcmsg/sendMessage.
  intake: { config, store: createRequestIntakeStore(doc, env.TABLE_MESSAGES), queue, queues: laneOf(env, 'request'), now, log: logger, attachments },
  queue,
  queues: { read: env.QUEUE_FILE_READ_URL, progress: env.QUEUE_FILE_PROGRESS_URL },
  now,
};

export const handler = sqsHandler(fileRowsMessage(), (message) => processRows(deps, message));
