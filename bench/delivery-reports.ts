import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { smsReportPartition } from '../layers/adapters/dynamo/record-keys.ts';
import { createRequestStatusQuery } from '../layers/adapters/dynamo/request-status-query.ts';
import { SqsMessages } from '../layers/adapters/sqs-messages.ts';
import { sqsPublisher } from '../layers/adapters/sqs-publisher.ts';
import { LOCAL_REGION, localCredentials } from '../infra/local/local-aws.ts';
import type { LocalPlatform } from '../infra/local/platform.ts';
import { round } from './stats.ts';

/**
 * When the request's first recipient was DELIVERED (its status report applied), read by key, so
 * waiting costs a few reads: the cost bench then counts the send log and the report too.
 */
export const deliveredAt = async (platform: LocalPlatform, requestNo: string, timeoutMs = 240_000): Promise<number> => {
  const status = createRequestStatusQuery(DynamoDBDocumentClient.from(platform.dynamo.client), platform.resolved.table('messages'));
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const request = await status.findRequest('OUTPLATFORM', requestNo);
    const [record] = request ? await status.sendRecords(request) : [];
    const recipient = record?.recipients[0];
    if (recipient?.status === 'DELIVERED') return Date.parse(recipient.finalAt ?? recipient.sentAt ?? '');
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`request ${requestNo} was not DELIVERED in ${timeoutMs} ms`);
};

/**
 * Report ingestion throughput: `count` reports (unmatched, the consumer's full write path: lookup,
 * conditional put) put on statusReports at once, timed until every one is stored, through the
 * runner's own queue poller and ingestStatusReports.
 */
export const benchReportIngestion = async (platform: LocalPlatform, count = 2_000) => {
  const day = '2000-01-01';
  const run = randomUUID().slice(0, 8);
  const doc = DynamoDBDocumentClient.from(platform.dynamo.client);
  const table = platform.resolved.table('messages');
  const stored = async () => {
    // Unmatched reports spread over the day's shards (day-partition.ts): count every shard.
    let n = 0;
    const { pk, shards = [pk] } = smsReportPartition.day(day);
    for (const shard of shards) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :run)', ExpressionAttributeValues: { ':pk': shard, ':run': `~${day}T00:00:00.000Z#` }, Select: 'COUNT', ExclusiveStartKey: start }),
        );
        n += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
    }
    return n;
  };
  const before = await stored();
  const reports = Array.from({ length: count }, (_, i) => ({
    kind: 'report', source: 'SNS_SMS', eventId: `bench-${run}-${i}`, eventAt: `${day}T00:00:00.000Z`, status: 'DELIVERED', providerMessageId: `bench-${run}-${i}`, address: '+8613800000000',
  }));
  const started = performance.now();
  const sender = new SqsMessages({ region: LOCAL_REGION, credentials: async () => localCredentials });
  await sqsPublisher(() => sender).sendMany(platform.resolved.queueUrl('statusReports'), reports);
  const enqueuedMs = performance.now() - started;
  const deadline = started + 600_000;
  let done = before;
  while (done - before < count && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    done = await stored();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    reports: count,
    stored: done - before,
    enqueueMs: round(enqueuedMs, 0),
    seconds: round(seconds, 1),
    reportsPerSecond: round((done - before) / seconds, 1),
    note: 'through the runner (embedded SQS, DynamoDB Local, function workers) on this machine; each report (SNS SMS, unmatched): a provider-id lookup read, a recipient-index query of its number, one conditional put',
  };
};
