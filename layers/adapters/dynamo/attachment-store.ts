import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { attachment } from '#contracts/attachment';
import type { AttachmentStore } from '#core/files/attachment-uploads';
import { attachmentKey } from './record-keys.ts';

/** Attachment records expire with their objects (the bucket's lifecycle), a day later. */
const TTL_DAYS = 31;

export const createAttachmentStore = (doc: DynamoDBDocumentClient, table: string): AttachmentStore => {
  const item = (a: Parameters<AttachmentStore['save']>[0]) => ({
    ...attachmentKey(a.id),
    ...a,
    expiresAt: Math.floor(Date.parse(a.createdAt) / 1000) + TTL_DAYS * 86_400,
  });
  return {
    async find(id) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: attachmentKey(id) }));
      return Item ? attachment.parse(Item) : undefined;
    },
    async create(a) {
      await doc.send(new PutCommand({ TableName: table, Item: item(a), ConditionExpression: 'attribute_not_exists(pk)' }));
    },
    async save(a) {
      await doc.send(new PutCommand({ TableName: table, Item: item(a) }));
    },
  };
};
