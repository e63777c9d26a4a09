import * as z from 'zod/mini';
import { documentClient, sqsClient } from '#adapters/aws-clients';
import { callbackTrigger } from '#adapters/callbacks/callback-wiring';
import { createSuppressionStore } from '#adapters/dynamo/suppression-store';
import { createReportIngestionDeps } from '#adapters/reports/report-ingestion-deps';
import { backOffVia } from '#adapters/sqs-back-off';
import { ReportTooEarlyError, ingestStatusReport, tooEarlyRetrySeconds } from '#core/reports/ingest-status-report';
import { reportsOfQueueBody } from '#core/reports/report-sources';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('ingestStatusReports');

const doc = documentClient();
const sqs = sqsClient();
const ownQueueUrl = env.QUEUE_STATUS_REPORTS_URL;
const deps = {
  ...createReportIngestionDeps({ messagesTable: env.TABLE_MESSAGES, suppression: createSuppressionStore(doc, env.TABLE_MESSAGES), log: logger }),
  // A report may be the last word on its request: its caller's callback batch goes then.
  onRecordChanged: callbackTrigger({ doc, sqs, tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL }),
};

// One queue, every source's shape (report-sources.ts); a body no source sent ends in the DLQ.
export const handler = sqsHandler(z.unknown(), async (body, meta) => {
  try {
    for (const report of reportsOfQueueBody(body)) {
      logger.info('status report', { source: report.source, eventId: report.eventId, result: await ingestStatusReport(deps, report) });
    }
  } catch (error) {
    // Its record is still being sent: back soon (a few seconds, then longer), not after the queue's whole timeout.
    if (error instanceof ReportTooEarlyError) await backOffVia(sqs, ownQueueUrl, meta.receiptHandle)(tooEarlyRetrySeconds(meta.receiveCount));
    throw error;
  }
});
