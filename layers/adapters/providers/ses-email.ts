import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { ProviderError, type Provider } from '#core/providers';
import { attachmentFileName } from '../files/s3-objects.ts';
import { drain } from '../aws-http.ts';
import type { S3 } from '../s3-client.ts';
import { providerErrorOf } from './classify.ts';
import { buildMime, type MimeAttachment } from './mime.ts';

const MISSING = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

/** An enclosureInfo id is the object key in the attachments bucket; its file name is the one the upload gave it, else the id. */
const readAttachment = async (s3: Pick<S3, 'get'>, bucket: string, id: string): Promise<MimeAttachment> => {
  try {
    const object = await s3.get(bucket, id);
    const content = await drain(object.body);
    return { filename: attachmentFileName(object.metadata) ?? id, contentType: object.contentType ?? 'application/octet-stream', content };
  } catch (error) {
    if (MISSING.has((error as Error).name)) throw new ProviderError(`附件 ${id} 不存在 (attachment not found)`, false);
    throw providerErrorOf(error, `attachment ${id}`);
  }
};

/** E-mail through Amazon SES as a raw MIME message, so attachments travel with it. */
export const sesEmailProvider = (ses: () => SESClient, s3: () => Pick<S3, 'get'>, bucket: string | undefined): Provider => ({
  async send(message, settings) {
    if (!settings.from) throw new ProviderError('SES: 派发方式缺少 from 设置 (settings.from missing)', false);
    const ids = message.attachments ?? [];
    if (ids.length > 0 && !bucket) throw new ProviderError('SES: 附件存储桶未绑定 (attachments bucket not bound)', false);
    const attachments = await Promise.all(ids.map((id) => readAttachment(s3(), bucket!, id)));
    const raw = buildMime({ from: settings.from, to: message.to, subject: message.title, text: message.content, attachments });
    try {
      const result = await ses().send(
        new SendRawEmailCommand({
          RawMessage: { Data: Buffer.from(raw, 'utf8') },
          ...(settings.configurationSet ? { ConfigurationSetName: settings.configurationSet } : {}),
        }),
      );
      return { providerMessageId: result.MessageId ?? '' };
    } catch (error) {
      throw providerErrorOf(error, 'SES');
    }
  },
});
