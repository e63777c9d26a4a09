import { fileRequestParams, fileRequestQuery } from '#contracts/file-jobs';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createFileJobStore } from '#adapters/dynamo/file-job-store';
import { queryFileDetails } from '#adapters/dynamo/record-queries-files';
import { getFileRequest } from '#core/files/file-requests';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('getFileRequest');
const doc = documentClient();
const config = cachedConfig(createConfigStore(doc, env.TABLE_CONFIG));
const jobs = createFileJobStore(doc, env.TABLE_MESSAGES);

// The file request with its counts and outcome, and a page of its lines (by status when asked).
export const handler = httpHandler({ params: fileRequestParams(), query: fileRequestQuery(), authenticate: apiKeyAuth(config) }, async ({ params, query, principal }) => {
  const fileRequest = await getFileRequest({ jobs }, principal.institution, params.fileRequestId);
  const details = await queryFileDetails(doc, env.TABLE_MESSAGES, { fileRequestId: params.fileRequestId, ...query }, new Date());
  return { ...fileRequest, details: details.items, ...(details.cursor ? { cursor: details.cursor } : {}) };
});
