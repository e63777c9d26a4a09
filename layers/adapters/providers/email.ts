import { deferred, lazy, type ChannelProviders } from './index.ts';
import { outboxProvider } from './outbox-provider.ts';

/** E-mail: Amazon SES raw MIME with attachments from the attachments bucket, or the OUTBOX. */
export const emailProviders: ChannelProviders = (deps) => ({
  OUTBOX: outboxProvider(deps.doc, deps.messagesTable),
  SES: deferred(async () => {
    const [{ SESClient }, { S3 }, { sesEmailProvider }] = await Promise.all([import('@aws-sdk/client-ses'), import('../s3-client.ts'), import('./ses-email.ts')]);
    return sesEmailProvider(lazy(() => new SESClient({ maxAttempts: 2 })), lazy(() => new S3({ maxAttempts: 2 })), deps.attachmentsBucket);
  }),
});
