import { fileProgressMessage } from '#contracts/file-jobs';
import { documentClient } from '#adapters/aws-clients';
import { createFileJobStore } from '#adapters/dynamo/file-job-store';
import { createRequestStatusQuery } from '#adapters/dynamo/request-status-query';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { trackProgress } from '#core/files/track-progress';
import { functionEnvOf } from '#runtime/env';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('trackFileProgress');
const doc = documentClient();
const deps = {
  jobs: createFileJobStore(doc, env.TABLE_MESSAGES),
  requests: createRequestStatusQuery(doc, env.TABLE_MESSAGES),
  queue: sqsPublisher(),
  queues: { read: env.QUEUE_FILE_READ_URL, progress: env.QUEUE_FILE_PROGRESS_URL },
  now: () => new Date(),
};

export const handler = sqsHandler(fileProgressMessage(), (message) => trackProgress(deps, message));
