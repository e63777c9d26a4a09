import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { checkKeyLayout } from '../../infra/local/key-layout.ts';
import { useTables } from '../support/tables.ts';

describe('local data directories and the sharded key layout', () => {
  it('marks a new directory, accepts it again, and refuses one written with the unsharded day keys, saying what to do', async () => {
    const fresh = await useTables();
    await checkKeyLayout(fresh.client, fresh.name('messages'), '/data/new');
    await fresh.client.send(new PutItemCommand({ TableName: fresh.name('messages'), Item: { pk: { S: 'SEND#2026-12-01#03' }, sk: { S: 'x' } } }));
    await expect(checkKeyLayout(fresh.client, fresh.name('messages'), '/data/new')).resolves.toBeUndefined();

    const old = await useTables();
    await old.client.send(new PutItemCommand({ TableName: old.name('messages'), Item: { pk: { S: 'SEND#2026-11-30' }, sk: { S: 'x' } } }));
    await expect(checkKeyLayout(old.client, old.name('messages'), '/data/old')).rejects.toThrow(/DATA_DIR \/data\/old .*key layout 1.*Move it away or point DATA_DIR at an empty directory/);
  });
});
