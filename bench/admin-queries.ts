import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { envKey } from '../infra/manifest/bindings.ts';
import { manifest } from '../infra/manifest/index.ts';
import { createTables, startDynamo } from '../infra/local/dynamodb.ts';
import { LOCAL_REGION, localCredentials } from '../infra/local/local-aws.ts';
import { adminEvent } from '../test/support/admin-events.ts';
import { lambdaContext } from '../test/support/fakes/intake-handler-env.ts';
import { batchPut, requestItem, sampleRequest, sampleSendRecord, sendRecordItem } from '../test/support/fakes/admin-records-seed.ts';
import { percentile, round } from './stats.ts';
import { sendIdOf } from '../layers/core/delivery/ids.ts';
import { recipientIndexEntries } from '../layers/core/delivery/recipient-index.ts';
import { recipientIndexItem } from '../layers/adapters/dynamo/recipient-index-store.ts';

const REQUESTS = 10_000;
const DAYS = 10;
const INSTITUTIONS = ['OUTPLATFORM', 'CRM', 'LOAN_SYS', 'CARD', 'RISK'];
const BIZ_TYPES = ['MARKET_ACTIVITY', 'REPAYMENT', 'LOGIN_ALERT', 'STATEMENT'];
const STATUSES = ['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILED', 'INTERCEPTED'] as const;
const CHANNELS = ['SMS', 'EMAIL', 'PUSH', 'MQ'] as const;
const CALLS = 50;
/** 1,000 people, each the recipient of 10 of the requests (one a day). */
const PEOPLE = 1_000;
const mobileOf = (i: number) => `138${String(i % PEOPLE).padStart(8, '0')}`;
const WRITERS = 8;

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Admin record queries against DynamoDB Local: 10,000 requests and 10,000 send records (5
 * institutions × 4 bizTypes × 10 days, written in the documented layout by BatchWrite), then the real
 * adminRecords handler for each seed filter ~50 times. p50/p99 in ms per filter, handler call to
 * envelope, page size 20. `port`: use a DynamoDB Local already listening there instead of starting one.
 */
export async function benchAdminQueries(options: { port?: number } = {}): Promise<Record<string, { p50: number; p99: number }>> {
  const own = options.port === undefined ? await startDynamo(manifest, { prefix: `bench-admin-${randomBytes(3).toString('hex')}` }) : undefined;
  const endpoint = own?.endpoint ?? `http://127.0.0.1:${options.port}`;
  const client = own?.client ?? new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: localCredentials });
  const prefix = `bq${randomBytes(3).toString('hex')}`;
  const tableName = own ? own.tableName : (name: string) => `${prefix}-${name}`;
  if (!own) await createTables(client, manifest, tableName);
  try {
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const messages = tableName('messages');
    const today = Date.now();
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      // Every day holds every institution × status × bizType combination (no filter is empty by construction).
      const institution = INSTITUTIONS[Math.floor(i / DAYS) % INSTITUTIONS.length]!;
      const createdAt = new Date(today - (i % DAYS) * 86_400_000 - (i % 3600) * 1000).toISOString();
      const requestNo = `BR${String(i).padStart(6, '0')}`;
      const status = STATUSES[Math.floor(i / (DAYS * INSTITUTIONS.length)) % STATUSES.length]!;
      const bizType = BIZ_TYPES[Math.floor(i / (DAYS * INSTITUTIONS.length * STATUSES.length)) % BIZ_TYPES.length]!;
      const recipient = { mobile: mobileOf(i), userId: `U${i % PEOPLE}` };
      items.push(requestItem(sampleRequest({ institution, requestNo, createdAt, bizType, status }), [recipient]));
      const sendId = sendIdOf({ institution, requestNo, createdAt }, 'DM', 0);
      const record = sampleSendRecord({ sendId, institution, requestNo, createdAt, bizType, channel: CHANNELS[Math.floor(i / DAYS) % CHANNELS.length]!, status: status === 'FAILED' ? 'FAILED' : 'SUCCESS' });
      const indexed = { ...record, recipients: [{ ...recipient, index: 0, to: recipient.mobile, status: 'SUCCESS' as const }] };
      items.push(sendRecordItem(indexed));
      // The recipient index as the split writes it (recipient-index.ts, recipient-index-store.ts).
      items.push(...recipientIndexEntries({ institution, requestNo, createdAt }, [indexed]).map(recipientIndexItem));
    }
    const slice = Math.ceil(items.length / WRITERS / 25) * 25;
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => batchPut(doc, messages, items.slice(w * slice, (w + 1) * slice))));

    Object.assign(process.env, Object.fromEntries(Object.keys(manifest.tables).map((t) => [envKey.table(t), tableName(t)])), {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: endpoint,
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const { handler } = (await import('../functions/http/admin-records.ts')) as { handler: Handler };
    const context = lambdaContext('adminRecords');
    const day = (back: number) => new Date(today - back * 86_400_000).toISOString().slice(0, 10);
    const pick = (i: number) => (i * 7919) % REQUESTS;
    const n = (i: number) => `BR${String(pick(i)).padStart(6, '0')}`;
    const institutionOf = (i: number) => INSTITUTIONS[Math.floor(pick(i) / DAYS) % INSTITUTIONS.length]!;
    const filters: Record<string, (i: number) => [string, Record<string, string>]> = {
      'requests by day': () => ['requests', {}],
      'requests by requestNo': (i) => ['requests', { requestNo: n(i) }],
      'requests by institution + dates': (i) => ['requests', { institution: INSTITUTIONS[i % 5]!, from: day(3), to: day(1) }],
      'requests by bizType + status': (i) => ['requests', { bizType: BIZ_TYPES[i % 4]!, status: 'FAILED' }],
      'request users': (i) => ['request-users', { institution: institutionOf(i), requestNo: n(i) }],
      'send records by request': (i) => ['send-records', { requestNo: n(i), institution: institutionOf(i) }],
      'send records by channel + day': (i) => ['send-records', { channel: CHANNELS[i % 4]!, from: day(i % DAYS), to: day(i % DAYS) }],
      'send records by day': () => ['send-records', {}],
      'send records by status': () => ['send-records', { status: 'FAILED' }],
      dashboard: (i) => ['dashboard', { date: day(i % DAYS) }],
      'requests by mobile': (i) => ['requests', { mobile: mobileOf(pick(i)) }],
      'send records by mobile': (i) => ['send-records', { mobile: `+86 ${mobileOf(pick(i))}` }],
      'send records by userId + channel': (i) => ['send-records', { userId: `U${pick(i) % PEOPLE}`, channel: CHANNELS[i % 4]! }],
    };
    const report: Record<string, { p50: number; p99: number }> = {};
    for (const [name, query] of Object.entries(filters)) {
      const durations: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const [kind, params] = query(i);
        const started = performance.now();
        const response = await handler(adminEvent('GET', `/api/admin/records/${kind}`, { role: 'viewer', query: params }), context);
        durations.push(performance.now() - started);
        const head = (JSON.parse(String(response.body)) as { head: { retFlag: string; retMsg: string } }).head;
        if (head.retFlag !== '00000') throw new Error(`${name}: ${head.retFlag} ${head.retMsg}`);
      }
      report[name] = { p50: round(percentile(durations, 50)), p99: round(percentile(durations, 99)) };
    }
    return report;
  } finally {
    await own?.stop();
    if (!own) client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  console.log(JSON.stringify(await benchAdminQueries(), null, 2), `\n${Math.round(performance.now() - started)} ms in all`);
}
