import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfigReader } from '#core/config-port';
import type { Provider, Providers } from '#core/providers';

// Providers come in one module per channel (sms.ts, email.ts, push.ts, mq.ts), so each consumer's
// bundle carries only its channel's SDK clients: the SMS sender has no S3 or SES in it. Which of its
// channel's providers a send type uses is configuration; a send type naming another channel's
// provider finds none and its records fail visibly.

export interface ProviderDeps {
  doc: DynamoDBDocumentClient;
  /** The messages table: OUTBOX entries live there. */
  messagesTable: string;
  config: ConfigReader;
  /** Loaded with the first message (aws-clients.ts loadSqsClient). */
  sqs: () => Promise<SQSClient>;
  /** Queues MQ may deliver to, by manifest name (e.g. mqOutbound). */
  mqQueues?: Record<string, string>;
  attachmentsBucket?: string | undefined;
  /** PROVIDER_SECRET_PREFIX: where this function may read provider secrets (HTTP_SMS signing keys). */
  providerSecretPrefix?: string | undefined;
}

/** One channel's providers, built at cold start; SDK clients are created on first use. */
export type ChannelProviders = (deps: ProviderDeps) => Providers;

export const lazy = <T>(create: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= create());
};

/**
 * A provider whose module (and SDK client) loads on its first send: a function's bundle carries
 * every provider of its channel, but a cold start evaluates only those its send types use (each
 * SDK client module costs a cold start 5–20 ms to evaluate; docs/ARCHITECTURE.md → "Cold starts").
 */
export const deferred = (load: () => Promise<Provider>): Provider => {
  let provider: Promise<Provider> | undefined;
  return {
    send: async (message, settings) => {
      // A failed load (a bad deployment) is not remembered: the next send tries again.
      const loading = (provider ??= load().catch((error: unknown) => ((provider = undefined), Promise.reject(error))));
      return (await loading).send(message, settings);
    },
  };
};
