import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { lazy, type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';
import { sesEmailProvider } from './ses-email.ts';

/** E-mail: Amazon SES raw MIME with attachments from the attachments bucket, or the OUTBOX. */
export const emailProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SES: sesEmailProvider(lazy(() => new SESClient({ maxAttempts: 2 })), lazy(() => new S3Client({ maxAttempts: 2 })), deps.attachmentsBucket),
});
