import { documentClient } from '../aws-clients.ts';
import { createRequestOutcomeStore } from '../dynamo/request-outcome-store.ts';
import { createSendLogStore } from '../dynamo/send-log-store.ts';
import { createSendRecordStore } from '../dynamo/send-record-store.ts';
import { createStatusReportStore } from '../dynamo/status-report-store.ts';
import type { Log } from '#core/delivery/ports';
import { requestOutcomeRollUp } from '#core/delivery/roll-up-outcome';
import type { IngestReportDeps } from '#core/reports/ingest-status-report';
import type { SuppressionPort } from '#core/suppression/suppression-port';

/** What the report consumer builds at cold start; the suppression store is its own module's (given). */
export const createReportIngestionDeps = (wiring: { messagesTable: string; suppression: SuppressionPort; log: Log }): IngestReportDeps => {
  const doc = documentClient();
  const now = () => new Date();
  return {
    reports: createStatusReportStore(doc, wiring.messagesTable),
    lookup: createSendLogStore(doc, wiring.messagesTable),
    sendRecords: createSendRecordStore(doc, wiring.messagesTable),
    suppression: wiring.suppression,
    outcomes: requestOutcomeRollUp(createRequestOutcomeStore(doc, wiring.messagesTable), now),
    now,
    log: wiring.log,
  };
};
