import { readFileMessage } from '#contracts/file-jobs';
import { documentClient } from '#adapters/aws-clients';
import { s3Client } from '#adapters/s3-client';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createFileJobStore } from '#adapters/dynamo/file-job-store';
import { s3FileSource } from '#adapters/files/s3-file-source';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { readFile } from '#core/files/read-file';
import { functionEnvOf } from '#runtime/env';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('readFile');
const doc = documentClient();
const deps = {
  jobs: createFileJobStore(doc, env.TABLE_MESSAGES),
  source: s3FileSource(s3Client(), env.BUCKET_IMPORTS),
  config: cachedConfig(createConfigStore(doc, env.TABLE_CONFIG)),
  queue: sqsPublisher(),
  queues: { read: env.QUEUE_FILE_READ_URL, rows: env.QUEUE_FILE_ROWS_URL, progress: env.QUEUE_FILE_PROGRESS_URL },
  now: () => new Date(),
};

export const handler = sqsHandler(readFileMessage(), (message) => readFile(deps, message));
