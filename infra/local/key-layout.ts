import { GetItemCommand, PutItemCommand, ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KEY_LAYOUT_VERSION } from '../../layers/adapters/dynamo/day-partition.ts';

// A DATA_DIR written before day partitions were sharded (layers/adapters/dynamo/day-partition.ts) holds
// send records, OUTBOX entries and day index entries under keys nothing reads any more: the platform
// would run, but its listings and status answers would miss that data. Such a directory is refused
// with what to do, instead of half working; a new or current one is marked with the layout it holds.

const MARK = { pk: { S: 'KEYLAYOUT' }, sk: { S: 'VERSION' } };

export const checkKeyLayout = async (client: DynamoDBClient, messagesTable: string, dataDir: string): Promise<void> => {
  const { Item } = await client.send(new GetItemCommand({ TableName: messagesTable, Key: MARK, ConsistentRead: true }));
  const found = Item?.version?.N ? Number(Item.version.N) : undefined;
  if (found === KEY_LAYOUT_VERSION) return;
  // No mark: a new directory is empty; one with items was written before keys had a layout version.
  const written = found !== undefined || ((await client.send(new ScanCommand({ TableName: messagesTable, Limit: 1 }))).Items?.length ?? 0) > 0;
  if (written) {
    throw new Error(
      `DATA_DIR ${dataDir} 的数据使用旧的键布局 (key layout ${found ?? 1}), 当前为 ${KEY_LAYOUT_VERSION}: 请换一个空目录或移走旧目录后重启 ` +
        `(this data directory was written with key layout ${found ?? 1}, before day partitions were sharded; this version uses layout ${KEY_LAYOUT_VERSION} ` +
        `and would not see the old send records, OUTBOX entries or day listings. Move it away or point DATA_DIR at an empty directory; nothing is migrated.)`,
    );
  }
  await client.send(new PutItemCommand({ TableName: messagesTable, Item: { ...MARK, version: { N: String(KEY_LAYOUT_VERSION) } } }));
};
