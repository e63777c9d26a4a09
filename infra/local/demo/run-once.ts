import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { SeedContext } from '../platform.ts';

/**
 * Runs `load` only on the first start of a data directory. The marker is written after `load`
 * succeeds, so an interrupted first start loads again (loaders overwrite, so that is safe).
 */
export const runOnce = async (context: SeedContext, name: string, load: () => Promise<void>): Promise<void> => {
  const key = { pk: { S: 'SEED' }, sk: { S: name } };
  const TableName = context.resolved.table('config');
  const marker = await context.dynamo.client.send(new GetItemCommand({ TableName, Key: key, ConsistentRead: true }));
  if (marker.Item) return;
  await load();
  await context.dynamo.client.send(new PutItemCommand({ TableName, Item: { ...key, loadedAt: { S: new Date().toISOString() } } }));
};
