import { uploadRequest } from '#contracts/file-jobs';
import { documentClient } from '#adapters/aws-clients';
import { s3Client } from '#adapters/s3-client';
import { cachedConfig } from '#adapters/cached-config';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { s3ObjectUrls } from '#adapters/files/s3-objects';
import { requestFileUpload } from '#core/files/file-requests';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('fileUploadUrl');
const config = cachedConfig(createConfigStore(documentClient(), env.TABLE_CONFIG));
const urls = s3ObjectUrls(s3Client(), env.BUCKET_IMPORTS);

export const handler = httpHandler({ body: uploadRequest(), authenticate: apiKeyAuth(config) }, async ({ body, principal }) =>
  requestFileUpload({ urls }, principal.institution, body.fileName),
);
