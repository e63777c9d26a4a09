import * as z from 'zod/mini';
import { documentClient } from '#adapters/aws-clients';
import { callbackTrigger } from '#adapters/callbacks/callback-wiring';
import { createSuppressionStore } from '#adapters/dynamo/suppression-store';
import { createReportIngestionDeps } from '#adapters/reports/report-ingestion-deps';
import { sqsPublisher } from '#adapters/sqs-publisher';
import { ReportTooEarlyError, earlyRetryOf, ingestStatusReport } from '#core/reports/ingest-status-report';
import { reportsOfQueueBody } from '#core/reports/report-sources';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('ingestStatusReports');

const doc = documentClient();
const queue = sqsPublisher();
const ownQueueUrl = env.QUEUE_STATUS_REPORTS_URL;
const deps = {
  ...createReportIngestionDeps({ messagesTable: env.TABLE_MESSAGES, suppression: createSuppressionStore(doc, env.TABLE_MESSAGES), log: logger }),
  // A report may be the last word on its request: its caller's callback batch goes then.
  onRecordChanged: callbackTrigger({ doc, tables: { config: env.TABLE_CONFIG, messages: env.TABLE_MESSAGES }, queueUrl: env.QUEUE_CALLBACK_DELIVERY_URL }),
};

// One queue, every source's shape (report-sources.ts); a body no source sent ends in the DLQ.
export const handler = sqsHandler(z.unknown(), async (body) => {
  for (const report of reportsOfQueueBody(body)) {
    try {
      logger.info('status report', { source: report.source, eventId: report.eventId, result: await ingestStatusReport(deps, report) });
    } catch (error) {
      // Its record is still being sent: a delayed copy comes back in seconds; past its tries it fails like any message.
      const retry = error instanceof ReportTooEarlyError ? earlyRetryOf(report) : undefined;
      if (!retry) throw error;
      await queue.send(ownQueueUrl, retry.report, { delaySeconds: retry.delaySeconds });
      logger.info('status report before its send was recorded: queued again', { source: report.source, eventId: report.eventId, earlyTries: retry.report.earlyTries });
    }
  }
});
