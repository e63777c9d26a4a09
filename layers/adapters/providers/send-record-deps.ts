import { documentClient, loadSqsClient } from '../aws-clients.ts';
import { cachedConfig } from '../cached-config.ts';
import { createConfigStore } from '../dynamo/config-store.ts';
import { createRequestOutcomeStore } from '../dynamo/request-outcome-store.ts';
import { createSendLogStore } from '../dynamo/send-log-store.ts';
import { createSendRecordStore } from '../dynamo/send-record-store.ts';
import { sqsPublisher } from '../sqs-publisher.ts';
import { withCallLog } from '#core/delivery/log-provider-calls';
import type { ChannelLanes, Log } from '#core/delivery/ports';
import { requestOutcomeRollUp } from '#core/delivery/roll-up-outcome';
import type { SendRecordDeps } from '#core/delivery/send-record';
import type { ChannelProviders } from './index.ts';
import { providerGuardOf } from './provider-guard-wiring.ts';
import { withOutboxReports } from './outbox-reports.ts';

export interface SendConsumerWiring {
  /** audit: where provider switches are logged; with it, sending fails over and keeps rate limits. */
  tables: { config: string; messages: string; audit?: string };
  /** The consumer's own channel lanes, for its delayed retries. */
  lanes: Partial<ChannelLanes>;
  mqQueues?: Record<string, string>;
  attachmentsBucket?: string | undefined;
  providerSecretPrefix?: string | undefined;
  /** statusReports: where the OUTBOX sends its simulated receipts (channels with delivery reports). */
  statusReportQueue?: string | undefined;
  /** The consumer's channel's providers (sms.ts, email.ts, push.ts, mq.ts). */
  providers: ChannelProviders;
  log: Log;
}

/**
 * What every per-channel send consumer builds at cold start: stores, cached config, providers (each
 * call logged to MSG_LOG; the OUTBOX's receipts on when the consumer binds statusReports), queue,
 * and the roll-up of finished records into their request's delivery outcome.
 */
export const createSendRecordDeps = (wiring: SendConsumerWiring): SendRecordDeps => {
  const doc = documentClient();
  const config = cachedConfig(createConfigStore(doc, wiring.tables.config));
  // Retries and the OUTBOX's receipts only: the sender is built with the first of them.
  const queue = sqsPublisher();
  const now = () => new Date();
  const channelProviders = wiring.providers({
    doc,
    messagesTable: wiring.tables.messages,
    config,
    sqs: loadSqsClient,
    ...(wiring.mqQueues ? { mqQueues: wiring.mqQueues } : {}),
    attachmentsBucket: wiring.attachmentsBucket,
    providerSecretPrefix: wiring.providerSecretPrefix,
  });
  const reporting = wiring.statusReportQueue
    ? withOutboxReports(channelProviders, { queue, queueUrl: wiring.statusReportQueue, config, now, log: wiring.log })
    : channelProviders;
  return {
    sendRecords: createSendRecordStore(doc, wiring.tables.messages),
    config,
    providers: withCallLog(reporting, { store: createSendLogStore(doc, wiring.tables.messages), now, log: wiring.log }),
    queue,
    lanes: wiring.lanes,
    now,
    log: wiring.log,
    ...(wiring.tables.audit ? { guard: providerGuardOf(doc, config, { messages: wiring.tables.messages, audit: wiring.tables.audit }) } : {}),
    outcomes: requestOutcomeRollUp(createRequestOutcomeStore(doc, wiring.tables.messages), now),
  };
};
