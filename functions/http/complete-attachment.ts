import { attachmentParams } from '#contracts/file-jobs';
import { documentClient } from '#adapters/aws-clients';
import { s3Client } from '#adapters/s3-client';
import { cachedConfig } from '#adapters/cached-config';
import { createAttachmentStore } from '#adapters/dynamo/attachment-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { s3AttachmentObjects, s3ObjectUrls } from '#adapters/files/s3-objects';
import { completeAttachment } from '#core/files/attachment-uploads';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';

const env = functionEnvOf('completeAttachment');
const doc = documentClient();
const config = cachedConfig(createConfigStore(doc, env.TABLE_CONFIG));
const deps = {
  store: createAttachmentStore(doc, env.TABLE_MESSAGES),
  objects: s3AttachmentObjects(s3Client(), env.BUCKET_ATTACHMENTS),
  urls: s3ObjectUrls(s3Client(), env.BUCKET_ATTACHMENTS),
  config,
  now: () => new Date(),
};

// The upload is checked as stored (size, type from its first bytes); only then is the id usable in enclosureInfo.
export const handler = httpHandler({ params: attachmentParams(), authenticate: apiKeyAuth(config) }, async ({ params, principal }) =>
  completeAttachment(deps, principal.institution, params.attachmentId),
);
