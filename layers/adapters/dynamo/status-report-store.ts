import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ReportStore } from '#core/reports/ingest-status-report';
import { smsReportKeys } from './record-keys.ts';
import { conditional } from './request-processing-store.ts';

/** MSG_REPORT items: the first arrival of a report is kept as it was judged; duplicates change nothing. */
export const createStatusReportStore = (doc: DynamoDBDocumentClient, table: string): ReportStore => ({
  async put(report) {
    await conditional(() =>
      doc.send(new PutCommand({ TableName: table, Item: { ...smsReportKeys(report), ...report }, ConditionExpression: 'attribute_not_exists(pk)' })),
    );
  },
});
