import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAttachmentStore } from '#adapters/dynamo/attachment-store';
import type { AttachmentStore } from '#core/files/attachment-uploads';
import type { SeedContext } from '../platform.ts';

// The seed's e-mail example names attachment 200198267 (test/contracts/examples/seed-email.json), and
// intake refuses ids it does not know, so the demo has that attachment: OUTPLATFORM's, checked, READY.
export const SEED_ATTACHMENT = { id: '200198267', fileName: 'seed-attachment.txt', body: '消息平台演示附件 (demo attachment)\n' };

export const loadDemoAttachment = (store: AttachmentStore, now = new Date()) =>
  store.save({
    id: SEED_ATTACHMENT.id,
    institution: 'OUTPLATFORM',
    fileName: SEED_ATTACHMENT.fileName,
    status: 'READY',
    size: Buffer.byteLength(SEED_ATTACHMENT.body),
    contentType: 'text/plain; charset=utf-8',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });

export const attachmentsDemo = {
  name: 'attachments',
  load: async (context: SeedContext) => {
    await context.s3.client.send(
      new PutObjectCommand({
        Bucket: context.resolved.bucket('attachments'),
        Key: SEED_ATTACHMENT.id,
        Body: SEED_ATTACHMENT.body,
        ContentType: 'text/plain; charset=utf-8',
        Metadata: { filename: SEED_ATTACHMENT.fileName },
      }),
    );
    await loadDemoAttachment(createAttachmentStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('messages')));
  },
};
