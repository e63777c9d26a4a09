import * as z from 'zod';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { callbackTrigger } from '#adapters/callbacks/callback-wiring';
import { createSuppressionStore } from '#adapters/dynamo/suppression-store';
import { createReportIngestionDeps } from '#adapters/reports/report-ingestion-deps';
import { ingestStatusReport } from '#core/reports/ingest-status-report';
import { reportsOfQueueBody } from '#core/reports/report-sources';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('ingestStatusReports');

const doc = documentClient();
const deps = {
  ...createReportIngestionDeps({ messagesTable: env.TABLE_MESSAGES, suppression: createSuppressionStore(doc, env.TABLE_MESSAGES), log: logger }),
  // A report may be the last word on its request: its caller's callback batch goes then.
  onRecordChanged: callbackTrigger({ doc, sqs: sqsClient(), tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL }),
};

// One queue, every source's shape (report-sources.ts); a body no source sent ends in the DLQ.
export const handler = sqsHandler(z.unknown(), async (body) => {
  for (const report of reportsOfQueueBody(body)) {
    logger.info('status report', { source: report.source, eventId: report.eventId, result: await ingestStatusReport(deps, report) });
  }
});
