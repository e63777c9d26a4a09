import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { ensureDefaultDictionary } from '#core/admin/dict-tree';
import type { SeedContext } from '../platform.ts';

// 字典配置: the default entries the seed says the system creates. The admin API creates the same
// defaults (`defaultDictionary` in layers/contracts/admin.ts) on the first read of an empty
// dictionary, which is how a fresh AWS stage gets them.

export const dictionaryDemo = {
  name: 'dictionary',
  load: (context: SeedContext) =>
    ensureDefaultDictionary({
      config: createConfigStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('config')),
      now: () => new Date(),
    }),
};
