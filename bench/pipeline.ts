import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { queueTriggers } from '../infra/manifest/bindings.ts';
import { manifest } from '../infra/manifest/index.ts';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { outboxKey } from '../layers/adapters/dynamo/message-keys.ts';
import { createRequestStatusQuery } from '../layers/adapters/dynamo/request-status-query.ts';
import { messageIdOf } from '../layers/core/delivery/ids.ts';
import { LOCAL_REGION, localCredentials } from '../infra/local/local-aws.ts';
import type { LocalPlatform } from '../infra/local/platform.ts';
import type { Counts } from './counting-proxy.ts';
import { deliveredAt } from './delivery-reports.ts';
import { GATEWAY_BIZ_TYPE, type BenchGateway } from './gateway.ts';
import { round, runLoad, summary } from './stats.ts';

const API_KEY = 'demo-outplatform-key';

/** A one-recipient SMS request like the seed's example, with a fresh requestNo. */
export const smsBody = (requestNo: string, mobile = '13361249238') => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  subBizType: '',
  bizId: 'BizId0001',
  productCode: '',
  channelNo: '',
  pushType: 'SINGLE_ACCOUNT',
  pushMsgType: '',
  sendType: '',
  actionType: '',
  actionValue: '',
  bizContent: '{"A":"测试业务数据体"}',
  useTmpl: 'N',
  msgTitle: 'hello',
  msgContent: '问候20180307000000012',
  custom: '',
  enclosureInfo: '',
  requestTime: '2018-02-07 12:00:00',
  requestIp: '123.0.0.1',
  userIds: [{ userId: '133', mobile, email: '', custNo: '', custType: null, custName: '', certNo: '', deviceNo: '', custTag: '' }],
});

export const postMessage = async (url: string, body: unknown): Promise<void> => {
  const response = await fetch(`${url}/api/hcmsg/sendMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as { head: { retFlag: string; retMsg: string } };
  if (payload.head.retFlag !== '00000') throw new Error(`sendMessage: ${payload.head.retFlag} ${payload.head.retMsg}`);
};

/**
 * When the request's first recipient reached the OUTBOX: the entry's `sentAt` (the provider's clock,
 * this machine's), read by key once its send record exists, so waiting costs a few reads, not scans.
 */
const outboxSentAt = async (platform: LocalPlatform, requestNo: string, timeoutMs = 30_000): Promise<number> => {
  const doc = DynamoDBDocumentClient.from(platform.dynamo.client);
  const table = platform.resolved.table('messages');
  const status = createRequestStatusQuery(doc, table);
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const request = await status.findRequest('OUTPLATFORM', requestNo);
    const [record] = request ? await status.sendRecords(request) : [];
    if (record) {
      const { Item } = await doc.send(new GetCommand({ TableName: table, Key: outboxKey(record.createdAt, messageIdOf(record.sendId, 0)) }));
      if (Item) return Date.parse(String(Item.sentAt));
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`request ${requestNo} did not reach the outbox in ${timeoutMs} ms`);
};

/** Waits until no consumed queue holds a message, visible, delayed or in flight (two minutes unless told); returns how long. */
export const queuesDrained = async (platform: LocalPlatform, timeoutMs = 120_000): Promise<number> => {
  const started = performance.now();
  const consumed = new Set(Object.values(manifest.functions).flatMap((spec) => queueTriggers(spec).map((t) => t.queue)));
  const urls = [...consumed].map((name) => platform.resolved.queueUrl(name));
  while (performance.now() - started < timeoutMs) {
    const depths = await Promise.all(
      urls.map(async (QueueUrl) => {
        const { Attributes } = await platform.sqs.client.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'] }),
        );
        return Object.values(Attributes ?? {}).reduce((sum, n) => sum + Number(n), 0);
      }),
    );
    if (depths.every((d) => d === 0)) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`queues still busy after ${timeoutMs} ms`);
};

/**
 * DynamoDB Local's raw PutItem rate for an item the size of a stored request, through the same
 * endpoint the functions use and warmed up the same way.
 */
const putFloor = async (platform: LocalPlatform, endpoint: string, concurrency: number, total: number) => {
  const filler = 'x'.repeat(900);
  const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const put = (i: number) =>
    client
      .send(
        new PutItemCommand({
          TableName: platform.resolved.table('counters'),
          Item: { pk: { S: `floor#${randomUUID()}` }, sk: { S: String(i) }, data: { S: filler } },
        }),
      )
      .then(() => undefined);
  await runLoad(200, concurrency, put);
  return runLoad(total, concurrency, put);
};

export interface Probes {
  dynamo: Counts;
  sqs: Counts;
  dynamoEndpoint: string;
  reset: () => void;
}

export const benchPipeline = async (platform: LocalPlatform, counts: Probes, gateway?: BenchGateway) => {
  const run = randomUUID().slice(0, 8);
  // Warm every function once (cold starts are not what this measures).
  await postMessage(platform.url, smsBody(`warm${run}`));
  await outboxSentAt(platform, `warm${run}`);

  const intake: Record<string, { perSecond: number; p50: number; p99: number; errors: number }> = {};
  for (const concurrency of [1, 8, 32]) {
    const total = concurrency === 1 ? 100 : 400;
    const result = await runLoad(total, concurrency, (i) => postMessage(platform.url, smsBody(`c${concurrency}${run}${i}`)));
    intake[`c${concurrency}`] = { perSecond: round(result.perSecond), ...summary(result.durations), errors: result.errors };
  }
  const floor = await putFloor(platform, counts.dynamoEndpoint, 32, 2000);

  // Let the load phases' backlog drain (every queue empty) before measuring end-to-end latency one
  // message at a time: otherwise the first samples measure the queue, not the pipeline.
  const drainMs = await queuesDrained(platform);
  const latencies: number[] = [];
  for (let i = 0; i < 30; i++) {
    const requestNo = `lat${run}${i}`;
    const t0 = Date.now();
    await postMessage(platform.url, smsBody(requestNo));
    latencies.push((await outboxSentAt(platform, requestNo)) - t0);
  }

  return {
    intake,
    floorPutItemPerSecond: round(floor.perSecond),
    intakeToFloorRatioC32: round(intake.c32!.perSecond / floor.perSecond, 3),
    backlogDrainedMs: Math.round(drainMs),
    acceptToOutboxMs: summary(latencies),
    perDeliveredSms: await costPerDeliveredSms(platform, counts, gateway),
  };
};

const perRun = (values: Record<string, number>, runs: number) => Object.fromEntries(Object.entries(values).map(([k, n]) => [k, round(n / runs, 2)]));

/**
 * Cost of one delivered one-recipient SMS, counted at the endpoints the functions talk to: the
 * request, its split, its send, the OUTBOX provider's entry (the stand-in for an SMS gateway), the
 * send log of the call and the status report that made it DELIVERED.
 */
export const costPerDeliveredSms = async (platform: LocalPlatform, counts: Probes, gateway?: BenchGateway, runs = 20) => {
  const run = randomUUID().slice(0, 8);
  await new Promise((r) => setTimeout(r, 3000)); // earlier phases' stragglers
  // The in-flight sweep walks past everything earlier phases accepted, so that below it reads only these messages.
  await sweepAt(platform, new Date(Date.now() + SWEEP_LOOKS_AFTER_MS));
  counts.reset();
  for (let i = 0; i < runs; i++) {
    const requestNo = `cost${run}${i}`;
    await postMessage(platform.url, smsBody(requestNo));
    await deliveredAt(platform, requestNo);
  }
  await new Promise((r) => setTimeout(r, 1500)); // stragglers: the breaker's last counts
  const sqsRequests = Object.values(counts.sqs.requests).reduce((sum, n) => sum + n, 0);
  const sqsByOperation = perRun(counts.sqs.requests, runs);
  const dynamoRequests = perRun(counts.dynamo.requests, runs);
  const byKind = Object.entries(counts.dynamo.byKind).sort(([a], [b]) => a.localeCompare(b));
  const hotPath = { writeUnits: counts.dynamo.writeUnits, readUnits: counts.dynamo.readUnits };
  // What nothing-is-lost costs: the rescans' sweep reading these messages once they are old enough.
  counts.reset();
  await sweepAt(platform, new Date(Date.now() + SWEEP_LOOKS_AFTER_MS));
  const inFlightSweep = { writeUnits: round(counts.dynamo.writeUnits / runs, 3), readUnits: round(counts.dynamo.readUnits / runs, 3), note: 'per delivered message, read by the in-flight sweep of the rescans (plus one cursor write per run)' };
  const underLoad = await costUnderLoad(platform, counts, run);
  const throughGateway = gateway ? await costThroughGateway(platform, counts, gateway, run, runs) : undefined;
  return {
    inFlightSweep,
    writeUnitsBudget: 10,
    whereWriteUnitsGo: whereWritesGo(byKind, runs),
    underLoad,
    ...(throughGateway ? { throughGateway } : {}),
    dynamoWriteUnits: round(hotPath.writeUnits / runs, 2),
    dynamoReadUnits: round(hotPath.readUnits / runs, 2),
    dynamoRequests,
    dynamoUnitsByKind: Object.fromEntries(
      byKind.map(([kind, c]) => [kind, { requests: round(c.requests / runs, 2), units: round(c.units / runs, 2), onIndexes: round(c.indexUnits / runs, 2) }]),
    ),
    sqsRequests: round(sqsRequests / runs, 2),
    sqsRequestsByOperation: sqsByOperation,
  };
};

/**
 * The same messages when they come together (`burst` posted 10 at a time, followed to DELIVERED):
 * what a busy hour costs, where the leases of the rate windows and the breaker's once-a-second counts
 * are shared by many messages.
 */
const costUnderLoad = async (platform: LocalPlatform, counts: Probes, run: string, burst = 100) => {
  await new Promise((r) => setTimeout(r, 1500));
  counts.reset();
  const requestNos = Array.from({ length: burst }, (_, i) => `load${run}${i}`);
  await runLoad(burst, 10, (i) => postMessage(platform.url, smsBody(requestNos[i]!, `1336${String(i).padStart(7, '0')}`)));
  for (const requestNo of requestNos) await deliveredAt(platform, requestNo);
  await new Promise((r) => setTimeout(r, 1500));
  const byKind = Object.entries(counts.dynamo.byKind);
  return {
    messages: burst,
    dynamoWriteUnits: round(counts.dynamo.writeUnits / burst, 2),
    whereWriteUnitsGo: whereWritesGo(byKind, burst),
  };
};

/**
 * The same messages one at a time through an SMS gateway (bench/gateway.ts): the HTTP_SMS provider
 * and the gateway's signed receipts through the callback route, the production path of an SMS, where
 * no OUTBOX entry is written.
 */
const costThroughGateway = async (platform: LocalPlatform, counts: Probes, gateway: BenchGateway, run: string, runs: number) => {
  // The first message warms the gateway's functions (its callback route) and is not counted.
  await postMessage(platform.url, { ...smsBody(`gwwarm${run}`), bizType: GATEWAY_BIZ_TYPE });
  await deliveredAt(platform, `gwwarm${run}`);
  await new Promise((r) => setTimeout(r, 1500));
  const before = gateway.calls();
  counts.reset();
  for (let i = 0; i < runs; i++) {
    const requestNo = `gw${run}${i}`;
    await postMessage(platform.url, { ...smsBody(requestNo), bizType: GATEWAY_BIZ_TYPE });
    await deliveredAt(platform, requestNo);
  }
  await new Promise((r) => setTimeout(r, 1500));
  if (gateway.calls() - before !== runs) throw new Error(`the gateway got ${gateway.calls() - before} calls for ${runs} messages`);
  return {
    messages: runs,
    dynamoWriteUnits: round(counts.dynamo.writeUnits / runs, 2),
    whereWriteUnitsGo: whereWritesGo(Object.entries(counts.dynamo.byKind), runs),
  };
};

/** What each kind of write is (the counting proxy names a write by operation and key prefix). */
const WRITE_KINDS: Record<string, string> = {
  'PutItem REQ': 'request put (with its day index)',
  'UpdateItem REQ': 'request marked split',
  'BatchWriteItem RCPT': 'recipient index, one item per identity (find by recipient)',
  'PutItem SEND': 'send record: put at split, SENT (carrying the call\'s send-log row), DELIVERED (carrying the report\'s row) (+ the SENDING claim through a provider that does not dedupe by our message id, or on a redelivery)',
  'PutItem OUTBOX': 'OUTBOX entry (the stand-in provider\'s own store; an SNS SMS send writes its SENDING claim instead)',
  'PutItem PMSG': 'provider-id lookup (matches an SES or push report; an SNS SMS report finds its record by the number)',
  'PutItem SMSLOGDAY': 'send log entry (MSG_LOG: a failed call, or a call of a bulk record)',
  'PutItem SMSRPTDAY': 'status report (MSG_REPORT: late, unmatched, or of a bulk record)',
  'UpdateItem RATE:institution': 'the institution\'s rate minute (growing leases)',
  'UpdateItem RATE:provider': 'the provider\'s per-second allowance (leases; a paced sender reserves the rest of a 10-second block)',
  'UpdateItem BREAKER': 'breaker window counts (at most every 30 s per container, at once on a failure)',
  'UpdateItem SWEEP': 'rescan cursor',
};
const WRITE_OPERATIONS = /^(PutItem|UpdateItem|DeleteItem|BatchWriteItem|TransactWriteItems) /;

/** Where the write units went, measured: `label units` per kind of write, largest first. */
const whereWritesGo = (byKind: [string, { units: number }][], runs: number): string =>
  byKind
    .filter(([kind, c]) => WRITE_OPERATIONS.test(kind) && c.units > 0)
    .sort(([, a], [, b]) => b.units - a.units)
    .map(([kind, c]) => `${WRITE_KINDS[kind] ?? kind} ${round(c.units / runs, 2)}`)
    .join('; ');

/** Past the sweep's lag (4 min) and the pending items' due times: the rescans look at all that came before. */
const SWEEP_LOOKS_AFTER_MS = 5 * 60_000;

/** Runs both rescans as their schedule would at `at`. */
const sweepAt = async (platform: LocalPlatform, at: Date) => {
  for (const name of ['rescanRequests', 'rescanSendRecords']) {
    await platform.hosts[name]!.invoke({ version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.scheduler', account: '000000000000', time: at.toISOString(), region: LOCAL_REGION, resources: [], detail: {} });
  }
};
