import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { querySwitchLogs } from '../layers/adapters/dynamo/switch-log-store.ts';
import { DAY_KINDS } from '../layers/adapters/dynamo/day-partition.ts';
import { chunkKey, outboxKey, requestDayKeys, requestKey, sendKey } from '../layers/adapters/dynamo/message-keys.ts';
import { messageIdOf, sendIdOf } from '../layers/core/delivery/ids.ts';
import { sendRecord } from '../layers/core/delivery/send-record.ts';
import { CHUNK_SIZE } from '../layers/core/messages/recipient-chunks.ts';
import { PARAMETERS } from '../layers/core/parameters.ts';
import { manifest } from '../infra/manifest/index.ts';
import { startDynamo } from '../infra/local/dynamodb.ts';
import { countingProvider, senderOf, smsRecords, testClock } from '../test/support/fakes/provider-fakes.ts';
import type { TestTables } from '../test/support/tables.ts';

// The key design's share of writes for the bench's workload (2,000 one-recipient messages and one
// 10,000-recipient request), the production ceiling it and the provider limits give, and a failover
// drill: providers' breakers and allowances in DynamoDB Local, time on a controlled clock.

const KEY_WCU_PER_S = 1_000;
const RECORD_MAX = 100;

/** Writes per partition key of the workload, from the key functions themselves (the writers use the same ones). */
export const keyShares = (singles = 2_000, bulk = 10_000) => {
  const writes = new Map<string, number>();
  const add = (pk: string, n = 1) => writes.set(pk, (writes.get(pk) ?? 0) + n);
  const createdAt = '2026-12-01T08:00:00.000Z';
  const request = (requestNo: string, recipients: number) => {
    const r = { institution: 'BENCH', requestNo, createdAt };
    add(requestKey(r.institution, requestNo).pk, 2); // accepted, then SUCCESS
    add(requestDayKeys(r).daypk); // the keys-only day index, once
    if (recipients > 1) for (let c = 1; c <= Math.ceil(recipients / CHUNK_SIZE); c++) add(chunkKey(r.institution, requestNo, c).pk);
    for (let chunk = 0; chunk < Math.ceil(recipients / RECORD_MAX); chunk++) {
      const sendId = sendIdOf(r, 'DM_SMS', chunk);
      add(sendKey(sendId)!.pk, 3); // created, SENDING, SUCCESS
      for (let i = 0; i < Math.min(RECORD_MAX, recipients - chunk * RECORD_MAX); i++) add(outboxKey(createdAt, messageIdOf(sendId, i)).pk);
    }
  };
  for (let i = 0; i < singles; i++) request(`S${i}`, 1);
  request('BULK', bulk);
  return hottestKey(writes);
};

/** The partition key taking the most of `writes` (writes per key) and its share, beside the goal of 1/16. */
export const hottestKey = (writes: ReadonlyMap<string, number>) => {
  const total = [...writes.values()].reduce((a, b) => a + b, 0);
  const [key, hottest] = [...writes.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  return { totalWrites: total, keys: writes.size, hottestKey: key, hottestWrites: hottest, hottestShare: total === 0 ? 0 : hottest / total, goal: 1 / 16 };
};

/** Delivered one-recipient SMS a second the keys allow, and what the providers allow, with the arithmetic. */
export const modelledCeiling = () => {
  const shards = DAY_KINDS.send.shards;
  const sendKeys = (shards * KEY_WCU_PER_S) / 3;
  const outboxKeys = DAY_KINDS.outbox.shards * KEY_WCU_PER_S;
  const dayIndex = DAY_KINDS.requestDay.shards * KEY_WCU_PER_S;
  const keys = Math.floor(Math.min(sendKeys, outboxKeys, dayIndex));
  const limits = PARAMETERS.PROVIDER_RATE_LIMITS.fallback;
  const sms = limits.SNS_SMS ?? 0;
  return {
    keyCeilingPerSecond: keys,
    providerCeilingPerSecond: { SMS: sms, EMAIL: limits.SES, PUSH: limits.SNS_PUSH, MQ: limits.SQS },
    arithmetic: [
      `send records: ${shards} shards × ${KEY_WCU_PER_S} WCU/s ÷ 3 writes per delivered record = ${Math.floor(sendKeys)}/s`,
      `OUTBOX entries (or MSG_LOG): ${DAY_KINDS.outbox.shards} shards × ${KEY_WCU_PER_S} ÷ 1 = ${outboxKeys}/s`,
      `requests' day index: ${DAY_KINDS.requestDay.shards} shards × ${KEY_WCU_PER_S} ÷ 1 = ${dayIndex}/s`,
      `rate allowance keys: one per provider 10-second block and part of ≤ 250 grants a second: ≤ 250 writes/s a key at any limit`,
      `breaker counters: while all goes well ≤ 1 write per 30 s per container per provider, and per 50 calls (a write per failed call in an outage): ${KEY_WCU_PER_S} containers failing at once before the counter key is full`,
      `key ceiling = min(${Math.floor(sendKeys)}, ${outboxKeys}, ${dayIndex}) = ${keys} delivered/s (was 1,000 ÷ 3 ≈ 333/s on SEND#<day>)`,
      `production ceiling = min(key ceiling, the active provider's limit): SMS through SNS_SMS at its default ${sms}/s → ${Math.min(keys, sms)}/s; raise PROVIDER_RATE_LIMITS with the provider's quota and the keys allow up to ${keys}/s`,
    ],
  };
};

/** The first provider fails mid-run and recovers; three containers send on, on a controlled clock. */
export const failoverDrill = async (records = 600) => {
  const dynamo = await startDynamo({ tables: manifest.tables }, { prefix: `drill${Date.now() % 100000}` });
  try {
    const tables = { doc: DynamoDBDocumentClient.from(dynamo.client), name: dynamo.tableName } as unknown as TestTables;
    const clock = testClock();
    const first = countingProvider('SNS', clock);
    const second = countingProvider('HTTP', clock);
    const senders = [0, 1, 2].map(() => senderOf(tables, clock, { SNS_SMS: first.provider, HTTP_SMS: second.provider }, 1_000));
    const all = smsRecords(records, clock.now());
    await senders[0]!.deps.sendRecords.createAll(all);
    const failAt = Math.floor(records / 3);
    const recoverAt = Math.floor((2 * records) / 3);
    let failuresAfterOutage = 0;
    let firstOnSecond: number | undefined;
    let backOnFirst: number | undefined;
    for (const [i, r] of all.entries()) {
      if (i === failAt) first.state.down = true;
      if (i === recoverAt) first.state.down = false;
      const before = second.state.calls.length;
      const firstBefore = first.state.calls.length;
      const outcome = await sendRecord(senders[i % 3]!.deps, r.sendId);
      if (i >= failAt && i < recoverAt && 'status' in outcome && outcome.status === 'FAILED') failuresAfterOutage++;
      if (firstOnSecond === undefined && second.state.calls.length > before) firstOnSecond = i;
      if (i >= recoverAt && backOnFirst === undefined && first.state.calls.length > firstBefore && !first.state.down) backOnFirst = i;
      clock.advance(250); // 4 records a second per the drill's clock
    }
    const logs = await querySwitchLogs(tables.doc, tables.name('audit'), { limit: 20 }, clock.now());
    return {
      records,
      outageFrom: failAt,
      recoveredAt: recoverAt,
      failuresBeforeFailover: failuresAfterOutage,
      firstRecordOnSecond: firstOnSecond,
      backOnFirstAtRecord: backOnFirst,
      secondsToSwitchBack: backOnFirst === undefined ? undefined : ((backOnFirst - recoverAt) * 250) / 1000,
      sentByFirst: first.state.calls.length - failuresAfterOutage,
      sentBySecond: second.state.calls.length,
      switchLog: logs.items.reverse().map((l) => `${l.at} ${l.user}: ${l.fromProvider ?? '-'} → ${l.toProvider ?? '-'} (${l.reason ?? ''})`),
    };
  } finally {
    await dynamo.stop();
  }
};
