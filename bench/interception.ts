import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cachedConfig } from '../layers/adapters/cached-config.ts';
import { createConfigStore } from '../layers/adapters/dynamo/config-store.ts';
import { createScreen } from '../layers/adapters/interception/screen.ts';
import { listEntryId } from '../layers/contracts/config-registry.ts';
import type { ScreenInput } from '../layers/core/interception/screen-port.ts';
import { startDynamo } from '../infra/local/dynamodb.ts';
import { manifest } from '../infra/manifest/index.ts';

const RECIPIENTS = 10_000;
const PER_RECORD = 100; // the split's send-record size
const LISTED = 2_000; // entries per list: lists are large, lookups must stay key lookups

const mobile = (n: number) => `13${String(n).padStart(9, '0')}`;

/**
 * 10,000 recipients screened as a split would: 100 send records of 100, one after the other, against
 * DynamoDB Local with 2,000 blacklist and 2,000 whitelist entries and a daily cap attached. `ms` is
 * the cold run (empty list cache: every recipient costs its key lookups and a counter write);
 * `warmMs` screens the same recipients again under new sendIds with the list cache warm. On DynamoDB
 * Local the floor is its per-call cost (one conditional UpdateItem per capped recipient, ~4 ms
 * amortised at 25 in flight on a busy 2-core machine), not the screening code.
 */
export async function benchInterception(recipients = RECIPIENTS): Promise<{ recipients: number; ms: number; perRecipientUs: number; warmMs: number; intercepted: number }> {
  const dynamo = await startDynamo(manifest, { prefix: 'bench-icpt' });
  try {
    const doc = DynamoDBDocumentClient.from(dynamo.client, { marshallOptions: { removeUndefinedValues: true } });
    const tables = { config: dynamo.tableName('config'), counters: dynamo.tableName('counters'), messages: dynamo.tableName('messages') };
    const store = createConfigStore(doc, tables.config);
    const by = { by: 'bench' };
    await store.put('bizType', { code: 'BENCH', name: 'bench', enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by);
    await store.put('filterStrategy', { id: 'BENCH_CAP', name: 'cap', enabled: true, dailyCap: 5 }, by);
    await store.put('filterStrategyRel', { id: 'BENCH_CAP-BENCH', strategyId: 'BENCH_CAP', bizType: 'BENCH' }, by);
    // Lists loaded in bulk (items shaped as the config store writes them): every 5th recipient is
    // blacklisted, every 7th whitelisted, and the rest of the entries are numbers never screened.
    const stamp = { version: 1, createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-01T00:00:00Z', updatedBy: 'bench' };
    const entries = (list: 'blacklist' | 'whitelist', every: number) =>
      Array.from({ length: LISTED }, (_, i) => {
        const value = i * every < RECIPIENTS ? mobile(i * every) : mobile(1_000_000 + i);
        const entry = { kind: 'MOBILE' as const, value, reason: list };
        return { pk: `CFG#${list}`, sk: listEntryId(entry), entity: list, ...entry, ...stamp };
      });
    const items = [...entries('blacklist', 5), ...entries('whitelist', 7)];
    for (let i = 0; i < items.length; i += 25) {
      await doc.send(new BatchWriteCommand({ RequestItems: { [tables.config]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }

    const screen = createScreen({ doc, config: cachedConfig(store), tables });
    const run = async (pass: string, records = recipients / PER_RECORD) => {
      let intercepted = 0;
      const started = performance.now();
      for (let record = 0; record < records; record++) {
        const input: ScreenInput = {
          institution: 'BENCH',
          requestNo: `R-${pass}`,
          bizType: 'BENCH',
          channel: 'SMS',
          sendId: `${pass}-${record}`,
          title: 'Bench',
          content: 'Your statement is ready',
          recipients: Array.from({ length: PER_RECORD }, (_, i) => {
            const n = (pass === 'jvm' ? 5_000_000 : 0) + record * PER_RECORD + i;
            return { index: i, to: `+86 ${mobile(n)}`, userId: `U${n}` };
          }),
          now: new Date('2024-03-10T04:00:00Z'),
        };
        intercepted += (await screen.screen(input)).filter((d) => d.action === 'INTERCEPT').length;
      }
      return { ms: performance.now() - started, intercepted };
    };
    await run('jvm', 5); // DynamoDB Local's JIT and the sockets warm up on numbers never screened again
    const cold = await run('cold');
    const warm = await run('warm');
    return {
      recipients,
      ms: Math.round(cold.ms),
      perRecipientUs: Math.round((cold.ms * 1000) / recipients),
      warmMs: Math.round(warm.ms),
      intercepted: cold.intercepted,
    };
  } finally {
    await dynamo.stop();
  }
}
