import { BatchWriteCommand, type BatchWriteCommandInput, type BatchWriteCommandOutput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MessageRequest, Recipient, SendRecord } from '#contracts/records';
import { requestItem as storedRequest } from '#adapters/dynamo/request-intake-store';
import { sendRecordItem } from '#adapters/dynamo/send-record-store';

// Items in the messages table's documented layouts (docs/ARCHITECTURE.md), for admin record query
// tests and the admin query bench. Requests are written as the intake writes them.

export const requestItem = (request: MessageRequest, users?: Recipient[]): Record<string, unknown> => storedRequest(request, users);

export const sampleRequest = (over: Partial<MessageRequest> & Pick<MessageRequest, 'institution' | 'requestNo' | 'createdAt'>): MessageRequest => ({
  bizType: 'MARKET_ACTIVITY',
  bizId: 'B1',
  pushType: 'SINGLE_ACCOUNT',
  bizContent: '{}',
  useTmpl: 'N',
  msgTitle: 't',
  msgContent: 'c',
  requestTime: '2026-01-01 00:00:00',
  requestIp: '10.0.0.1',
  bodyHash: 'h',
  dispatchConfigId: 'DC',
  greenLane: false,
  status: 'SUCCESS',
  recipientCount: 1,
  chunkCount: 0,
  attempts: 1,
  updatedAt: over.createdAt,
  ...over,
});

export const sampleSendRecord = (over: Partial<SendRecord> & Pick<SendRecord, 'sendId' | 'institution' | 'requestNo' | 'createdAt'>): SendRecord => ({
  bizType: 'MARKET_ACTIVITY',
  channel: 'SMS',
  sendTypeId: 'ST',
  dispatchConfigId: 'DC',
  dispatchMethodId: 'DM',
  greenLane: false,
  title: 't',
  content: 'c',
  status: 'SUCCESS',
  sendCount: 1,
  sendLimit: 3,
  recipients: [{ index: 0, to: '13800000000', mobile: '13800000000', status: 'SUCCESS' }],
  updatedAt: over.createdAt,
  ...over,
});

export { sendRecordItem };

/** BatchWriteItem in 25s, retrying what DynamoDB hands back unprocessed. */
export const batchPut = async (doc: DynamoDBDocumentClient, table: string, items: Record<string, unknown>[]): Promise<void> => {
  for (let i = 0; i < items.length; i += 25) {
    let pending: NonNullable<BatchWriteCommandInput['RequestItems']>[string] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 10) throw new Error('BatchWrite kept items unprocessed');
      const result: BatchWriteCommandOutput = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
      pending = result.UnprocessedItems?.[table];
    }
  }
};
