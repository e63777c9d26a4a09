import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_REGION, localCredentials } from '../infra/local/local-aws.ts';
import type { LocalPlatform } from '../infra/local/platform.ts';
import type { Counts } from './counting-proxy.ts';
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

const outboxCount = async (platform: LocalPlatform, requestNo: string): Promise<number> => {
  const result = await platform.dynamo.client.send(
    new QueryCommand({
      TableName: platform.resolved.table('messages'),
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': { S: `OUTBOXREQ#${requestNo}` } },
      Select: 'COUNT',
    }),
  );
  return result.Count ?? 0;
};

const waitForOutbox = async (platform: LocalPlatform, requestNo: string, timeoutMs = 30_000): Promise<number> => {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await outboxCount(platform, requestNo)) > 0) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`request ${requestNo} did not reach the outbox in ${timeoutMs} ms`);
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

export const benchPipeline = async (platform: LocalPlatform, counts: Probes) => {
  const run = randomUUID().slice(0, 8);
  // Warm every function once (cold starts are not what this measures).
  await postMessage(platform.url, smsBody(`warm${run}`));
  await waitForOutbox(platform, `warm${run}`);

  const intake: Record<string, { perSecond: number; p50: number; p99: number; errors: number }> = {};
  for (const concurrency of [1, 8, 32]) {
    const total = concurrency === 1 ? 100 : 400;
    const result = await runLoad(total, concurrency, (i) => postMessage(platform.url, smsBody(`c${concurrency}${run}${i}`)));
    intake[`c${concurrency}`] = { perSecond: round(result.perSecond), ...summary(result.durations), errors: result.errors };
  }
  const floor = await putFloor(platform, counts.dynamoEndpoint, 32, 2000);

  // Let the backlog drain before measuring end-to-end latency one message at a time.
  await new Promise((r) => setTimeout(r, 5000));
  const latencies: number[] = [];
  for (let i = 0; i < 30; i++) {
    const requestNo = `lat${run}${i}`;
    const t0 = performance.now();
    await postMessage(platform.url, smsBody(requestNo));
    await waitForOutbox(platform, requestNo);
    latencies.push(performance.now() - t0);
  }

  // Cost of one delivered one-recipient SMS, counted at the endpoints the functions talk to.
  await new Promise((r) => setTimeout(r, 3000));
  counts.reset();
  const costRuns = 20;
  for (let i = 0; i < costRuns; i++) {
    const requestNo = `cost${run}${i}`;
    await postMessage(platform.url, smsBody(requestNo));
    await waitForOutbox(platform, requestNo);
  }
  await new Promise((r) => setTimeout(r, 1500)); // final status writes land after the outbox entry
  const sqsRequests = Object.entries(counts.sqs.requests).reduce((sum, [, n]) => sum + n, 0);

  return {
    intake,
    floorPutItemPerSecond: round(floor.perSecond),
    intakeToFloorRatioC32: round(intake.c32!.perSecond / floor.perSecond, 3),
    acceptToOutboxMs: summary(latencies),
    perDeliveredSms: {
      dynamoWriteUnits: round(counts.dynamo.writeUnits / costRuns, 2),
      dynamoReadUnits: round(counts.dynamo.readUnits / costRuns, 2),
      dynamoRequests: Object.fromEntries(Object.entries(counts.dynamo.requests).map(([op, n]) => [op, round(n / costRuns, 2)])),
      sqsRequestsByFunctions: round(sqsRequests / costRuns, 2),
    },
  };
};
