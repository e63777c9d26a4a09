import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfigReader } from '#core/config-port';
import type { Providers } from '#core/providers';
import { httpSmsProvider } from './http-sms.ts';
import { outboxProvider } from './outbox-provider.ts';
import { sesEmailProvider } from './ses-email.ts';
import { snsPushProvider } from './sns-push.ts';
import { snsSmsProvider } from './sns-sms.ts';
import { sqsMqProvider } from './sqs-mq.ts';

export interface ProviderDeps {
  doc: DynamoDBDocumentClient;
  /** The messages table: OUTBOX entries live there. */
  messagesTable: string;
  config: ConfigReader;
  sqs: () => SQSClient;
  /** Queues MQ may deliver to, by manifest name (e.g. mqOutbound). */
  mqQueues?: Record<string, string>;
  attachmentsBucket?: string | undefined;
}

const lazy = <T>(create: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= create());
};

/**
 * Every provider kind a send type may name. Clients are created on first use, so a function only
 * pays for what its channel's send types use; which provider a method uses is configuration.
 */
export const createProviders = (deps: ProviderDeps): Providers => {
  const sns = lazy(() => new SNSClient({ maxAttempts: 2 }));
  const ses = lazy(() => new SESClient({ maxAttempts: 2 }));
  const s3 = lazy(() => new S3Client({ maxAttempts: 2 }));
  return {
    OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
    SNS_SMS: snsSmsProvider(sns),
    HTTP_SMS: httpSmsProvider(),
    SES: sesEmailProvider(ses, s3, deps.attachmentsBucket),
    SNS_PUSH: snsPushProvider(sns, deps.config),
    SQS: sqsMqProvider(deps.sqs, deps.mqQueues ?? {}),
  };
};
