import { BatchGetCommand, type BatchGetCommandOutput, DeleteCommand, GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storedDevice, type StoredDevice } from '#contracts/devices';
import type { DeviceDirectory, DeviceStore } from '#core/devices/device-port';

// Registered devices in the messages table: pk `DEVICE#<institution>#<deviceNo>` (one item per token,
// so a token belongs to one user and re-registering it overwrites it), gsi1 `UDEV#<institution>#<userId>`
// / `<deviceNo>` (the devices of a user: one Query at split). No expiresAt: a device stays until unregistered.

export const deviceKey = (institution: string, deviceNo: string) => ({ pk: `DEVICE#${institution}#${deviceNo}`, sk: 'META' });
export const userDevicesPartition = (institution: string, userId: string) => `UDEV#${institution}#${userId}`;

const BATCH_GET_MAX = 100;
const TRIES = 5;

const conditionFailed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

export const createDeviceStore = (doc: DynamoDBDocumentClient, table: string): DeviceStore & DeviceDirectory => ({
  async find(institution, deviceNo) {
    const { Item } = await doc.send(new GetCommand({ TableName: table, Key: deviceKey(institution, deviceNo), ConsistentRead: true }));
    return Item ? storedDevice().parse(Item) : undefined;
  },

  async put(device: StoredDevice, seen) {
    try {
      await doc.send(
        new PutCommand({
          TableName: table,
          Item: { ...deviceKey(device.institution, device.deviceNo), gsi1pk: userDevicesPartition(device.institution, device.userId), gsi1sk: device.deviceNo, ...device },
          ...(seen
            ? { ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': seen.updatedAt } }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  },

  async remove(device) {
    try {
      await doc.send(
        new DeleteCommand({ TableName: table, Key: deviceKey(device.institution, device.deviceNo), ConditionExpression: 'updatedAt = :seen', ExpressionAttributeValues: { ':seen': device.updatedAt } }),
      );
      return true;
    } catch (error) {
      if (conditionFailed(error)) return false;
      throw error;
    }
  },

  async typesOf(institution, deviceNos) {
    const types = new Map<string, string>();
    const unique = [...new Set(deviceNos)];
    for (let i = 0; i < unique.length; i += BATCH_GET_MAX) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + BATCH_GET_MAX).map((d) => deviceKey(institution, d));
      for (let tries = 0; keys?.length; tries++) {
        if (tries === TRIES) throw new Error(`BatchGetItem left ${keys.length} device keys unprocessed`);
        if (tries > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** tries));
        const answer: BatchGetCommandOutput = await doc.send(
          new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'deviceNo, deviceTypeCode' } } }),
        );
        for (const item of answer.Responses?.[table] ?? []) types.set(String(item.deviceNo), String(item.deviceTypeCode));
        keys = answer.UnprocessedKeys?.[table]?.Keys;
      }
    }
    return types;
  },

  async devicesOf(institution, userId) {
    const devices: Pick<StoredDevice, 'deviceNo' | 'deviceTypeCode'>[] = [];
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': userDevicesPartition(institution, userId) },
          ProjectionExpression: 'deviceNo, deviceTypeCode',
          ExclusiveStartKey: cursor,
        }),
      );
      for (const item of page.Items ?? []) devices.push({ deviceNo: String(item.deviceNo), deviceTypeCode: String(item.deviceTypeCode) });
      cursor = page.LastEvaluatedKey;
    } while (cursor);
    return devices;
  },
});
