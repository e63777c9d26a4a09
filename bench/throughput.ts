import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConfigStore } from '../layers/adapters/dynamo/config-store.ts';
import { createRequestStatusQuery } from '../layers/adapters/dynamo/request-status-query.ts';
import type { LocalPlatform } from '../infra/local/platform.ts';
import { hottestKey } from './ceiling.ts';
import type { Counts } from './counting-proxy.ts';
import { postMessage, queuesDrained, smsBody } from './pipeline.ts';
import { percentile, round, runLoad } from './stats.ts';

// The busy-day workload end to end through the local runner (OUTBOX provider, its receipts 2 s after
// each send): 2,000 one-recipient messages and one 10,000-recipient request, posted together. What
// it reports: the partition keys the run wrote (counted at the DynamoDB endpoint the functions use),
// recipients DELIVERED per second from the first post to the last receipt applied, and each
// recipient's accept → DELIVERED time.

const INSTITUTION = 'OUTPLATFORM';
/** From the first post to the last receipt waited for. */
const BUDGET_MS = 13 * 60_000;
/** Distinct numbers and user ids (a per-recipient send cap or one user's recipient index must not be what the run measures). */
const mobileOf = (run: number, i: number) => `139${String(run).padStart(3, '0').slice(-3)}${String(i).padStart(5, '0')}`;

export interface ThroughputOptions {
  singles?: number;
  bulk?: number;
  /** Posts of one-recipient messages in flight at once. */
  concurrency?: number;
  log?: (line: string) => void;
}

/** Each recipient's final status and the time it was applied, read by key once everything settled. */
const outcomes = async (platform: LocalPlatform, requestNos: string[]) => {
  const status = createRequestStatusQuery(DynamoDBDocumentClient.from(platform.dynamo.client), platform.resolved.table('messages'));
  const byRequest = new Map<string, { status: string; sentAt?: string; finalAt?: string }[]>();
  await runLoad(requestNos.length, 8, async (i) => {
    const requestNo = requestNos[i]!;
    const request = await status.findRequest(INSTITUTION, requestNo);
    const records = request ? await status.sendRecords(request) : [];
    byRequest.set(requestNo, records.flatMap((r) => r.recipients.map((p) => ({ status: p.status, ...(p.sentAt ? { sentAt: p.sentAt } : {}), ...(p.finalAt ? { finalAt: p.finalAt } : {}) }))));
  });
  return byRequest;
};

/** `dynamo`: the counting proxy between the functions and DynamoDB Local. */
export const benchThroughput = async (platform: LocalPlatform, dynamo: { counts: Counts; reset: () => void }, options: ThroughputOptions = {}) => {
  const { singles = 2_000, bulk = 10_000, concurrency = 16, log = () => undefined } = options;
  const run = randomUUID().slice(0, 8);
  const runNo = Date.now() % 1000;
  const doc = DynamoDBDocumentClient.from(platform.dynamo.client);
  // The per-institution API rate (600 a minute by default) would turn most of the run into 429s.
  await createConfigStore(doc, platform.resolved.table('config')).put('parameter', { code: 'API_RATE_LIMIT_PER_MINUTE', name: 'bench: no API rate', value: '0' }, { by: 'bench' });
  await postMessage(platform.url, smsBody(`tpwarm${run}`, mobileOf(runNo, 99_999)));
  await queuesDrained(platform);
  dynamo.reset();

  const acceptedAt = new Map<string, number>();
  const started = Date.now();
  const bulkNo = `tpbulk${run}`;
  const posting = async (requestNo: string, body: unknown) => {
    await postMessage(platform.url, body);
    acceptedAt.set(requestNo, Date.now());
  };
  const bulkBody = { ...smsBody(bulkNo), userIds: Array.from({ length: bulk }, (_, i) => ({ userId: `u${i}`, mobile: mobileOf(runNo + 1, i) })) };
  const [load] = await Promise.all([
    runLoad(singles, concurrency, (i) => posting(`tp${run}${i}`, { ...smsBody(`tp${run}${i}`), userIds: [{ userId: `s${i}`, mobile: mobileOf(runNo, i) }] })),
    posting(bulkNo, bulkBody),
  ]);
  const postedMs = Date.now() - started;
  log(`  posted ${load.durations.length}/${singles} one-recipient messages (${load.errors} refused) and the ${bulk}-recipient request in ${round(postedMs / 1000)} s; waiting for every queue to drain…`);
  // Bounded so the part ends within about a quarter of an hour however slow the machine; what settled
  // by then is what is reported (and `drained: false` says so).
  const drained = await queuesDrained(platform, Math.max(60_000, BUDGET_MS - (Date.now() - started))).then(() => true, () => false);
  const writes = new Map(dynamo.counts.keyWrites);

  const requestNos = [...acceptedAt.keys()];
  const results = await outcomes(platform, requestNos);
  const latencies = { singles: [] as number[], bulk: [] as number[], toSent: [] as number[], sentToDelivered: [] as number[] };
  let delivered = 0;
  let lastDelivered = started;
  const statuses: Record<string, number> = {};
  for (const [requestNo, recipients] of results) {
    for (const r of recipients) {
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status !== 'DELIVERED' || !r.finalAt) continue;
      delivered++;
      const at = Date.parse(r.finalAt);
      lastDelivered = Math.max(lastDelivered, at);
      (requestNo === bulkNo ? latencies.bulk : latencies.singles).push(at - acceptedAt.get(requestNo)!);
      if (r.sentAt) {
        latencies.toSent.push(Date.parse(r.sentAt) - acceptedAt.get(requestNo)!);
        latencies.sentToDelivered.push(at - Date.parse(r.sentAt));
      }
    }
  }
  const all = [...latencies.singles, ...latencies.bulk];
  const seconds = (lastDelivered - started) / 1000;
  const hottest = hottestKey(writes);
  const top = [...writes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([key, n]) => ({ key, writes: n, share: round(n / hottest.totalWrites, 4) }));
  const ms = (xs: number[]) => ({ p50: round(percentile(xs, 50), 0), p99: round(percentile(xs, 99), 0), max: round(Math.max(...xs), 0) });
  return {
    workload: { singles, bulk, concurrency, accepted: acceptedAt.size, refused: load.errors, recipients: load.durations.length + bulk },
    drained,
    postSeconds: round(postedMs / 1000),
    intakePerSecond: round(load.perSecond),
    statuses,
    delivered,
    secondsToLastDelivered: round(seconds),
    deliveredPerSecond: round(delivered / seconds),
    acceptToDeliveredMs: { all: ms(all), singles: ms(latencies.singles), bulkRecipients: ms(latencies.bulk) },
    /** The two halves: accept → handed to the OUTBOX (sentAt), and the OUTBOX's receipt (2 s later) → DELIVERED applied. */
    acceptToSentMs: ms(latencies.toSent),
    sentToDeliveredMs: ms(latencies.sentToDelivered),
    keys: { ...hottest, hottestShare: round(hottest.hottestShare, 4), top },
    note: 'local runner on this machine (DynamoDB Local, embedded SQS, function workers); receipts arrive 2 s after the OUTBOX send (outbox-reports.ts), so every latency includes those 2 s',
  };
};
