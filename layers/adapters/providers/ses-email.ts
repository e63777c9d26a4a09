import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import { ProviderError, type Provider } from '#core/providers';
import { providerErrorOf } from './classify.ts';
import { buildMime, type MimeAttachment } from './mime.ts';

const MISSING = new Set(['NoSuchKey', 'NotFound', 'NoSuchBucket']);

/** An enclosureInfo id is the object key in the attachments bucket; its file name is the object's metadata, else the id. */
const readAttachment = async (s3: S3Client, bucket: string, id: string): Promise<MimeAttachment> => {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: id }));
    const content = await object.Body!.transformToByteArray();
    return { filename: object.Metadata?.filename ?? id, contentType: object.ContentType ?? 'application/octet-stream', content };
  } catch (error) {
    if (MISSING.has((error as Error).name)) throw new ProviderError(`附件 ${id} 不存在 (attachment not found)`, false);
    throw providerErrorOf(error, `attachment ${id}`);
  }
};

/** E-mail through Amazon SES as a raw MIME message, so attachments travel with it. */
export const sesEmailProvider = (ses: () => SESClient, s3: () => S3Client, bucket: string | undefined): Provider => ({
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
