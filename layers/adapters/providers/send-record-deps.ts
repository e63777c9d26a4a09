import { documentClient, sqsClient } from '../aws-clients.ts';
import { cachedConfig } from '../cached-config.ts';
import { createConfigStore } from '../dynamo/config-store.ts';
import { createSendRecordStore } from '../dynamo/send-record-store.ts';
import { sqsPublisher } from '../sqs-publisher.ts';
import type { ChannelLanes, Log } from '#core/delivery/ports';
import type { SendRecordDeps } from '#core/delivery/send-record';
import type { ChannelProviders } from './index.ts';
import { providerGuardOf } from './provider-guard-wiring.ts';

export interface SendConsumerWiring {
  /** audit: where provider switches are logged; with it, sending fails over and keeps rate limits. */
  tables: { config: string; messages: string; audit?: string };
  /** The consumer's own channel lanes, for its delayed retries. */
  lanes: Partial<ChannelLanes>;
  mqQueues?: Record<string, string>;
  attachmentsBucket?: string | undefined;
  providerSecretPrefix?: string | undefined;
  /** The consumer's channel's providers (sms.ts, email.ts, push.ts, mq.ts). */
  providers: ChannelProviders;
  log: Log;
}

/** What every per-channel send consumer builds at cold start: stores, cached config, providers, queue. */
export const createSendRecordDeps = (wiring: SendConsumerWiring): SendRecordDeps => {
  const doc = documentClient();
  const config = cachedConfig(createConfigStore(doc, wiring.tables.config));
  return {
    sendRecords: createSendRecordStore(doc, wiring.tables.messages),
    config,
    providers: wiring.providers({
      doc,
      messagesTable: wiring.tables.messages,
      config,
      sqs: sqsClient,
      ...(wiring.mqQueues ? { mqQueues: wiring.mqQueues } : {}),
      attachmentsBucket: wiring.attachmentsBucket,
      providerSecretPrefix: wiring.providerSecretPrefix,
    }),
    queue: sqsPublisher(sqsClient()),
    lanes: wiring.lanes,
    now: () => new Date(),
    log: wiring.log,
    ...(wiring.tables.audit ? { guard: providerGuardOf(doc, config, { messages: wiring.tables.messages, audit: wiring.tables.audit }) } : {}),
  };
};
