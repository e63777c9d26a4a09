import * as z from 'zod';
import { createReportIngestionDeps } from '#adapters/reports/report-ingestion-deps';
import { ingestStatusReport } from '#core/reports/ingest-status-report';
import { reportsOfQueueBody } from '#core/reports/report-sources';
import type { SuppressionPort } from '#core/suppression/suppression-port';
import { functionEnvOf } from '#runtime/env';
import { logger } from '#runtime/observability';
import { sqsHandler } from '#runtime/sqs-handler';

const env = functionEnvOf('ingestStatusReports');

// SUPPRESSION_STORE_AT_MERGE: the suppression store (issue #13, helper i13b: DynamoDB adapter and its
// table binding) replaces this at merge; until then a suppression is only logged, loudly.
const suppressionAtMerge: SuppressionPort = {
  suppress: async (entry) => logger.error('suppression store not wired: address not suppressed', { ...entry }),
  suppressedAmong: async () => new Map(),
};

const deps = createReportIngestionDeps({ messagesTable: env.TABLE_MESSAGES, suppression: suppressionAtMerge, log: logger });

// One queue, every source's shape (report-sources.ts); a body no source sent ends in the DLQ.
export const handler = sqsHandler(z.unknown(), async (body) => {
  for (const report of reportsOfQueueBody(body)) {
    logger.info('status report', { source: report.source, eventId: report.eventId, result: await ingestStatusReport(deps, report) });
  }
});
