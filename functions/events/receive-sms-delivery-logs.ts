import { sqsPublisher } from '#adapters/sqs-publisher';
import { fromSnsSmsLog } from '#core/reports/report-sources';
import { functionEnvOf } from '#runtime/env';
import { logsSubscriptionHandler } from '#runtime/logs-subscription-handler';
import { logger } from '#runtime/observability';

const env = functionEnvOf('receiveSmsDeliveryLogs');
const queue = sqsPublisher();

// SNS SMS delivery-status log events → status reports on the queue every source shares.
export const handler = logsSubscriptionHandler(async (data) => {
  const reports = data.logEvents.flatMap((event) => fromSnsSmsLog(event.id, event.message) ?? []);
  if (reports.length < data.logEvents.length) logger.warn('log events that are not SMS delivery records', { logGroup: data.logGroup, skipped: data.logEvents.length - reports.length });
  await queue.sendMany(env.QUEUE_STATUS_REPORTS_URL, reports);
});
