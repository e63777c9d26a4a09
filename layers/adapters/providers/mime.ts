import { randomBytes } from 'node:crypto';

export interface MimeAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MimeMessage {
  from: string;
  to: string;
  subject: string;
  /** Plain text body. */
  text: string;
  attachments: MimeAttachment[];
}

/** RFC 2047 encoded-word, so Chinese subjects and file names survive every mail client. */
export const encodeWord = (text: string): string => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);

/** Base64 wrapped at 76 characters per line, as RFC 2045 requires. */
const base64Lines = (content: Uint8Array | string): string =>
  (Buffer.from(content as Uint8Array).toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');

/** A multipart/mixed message: a UTF-8 text part and one base64 part per attachment. */
export const buildMime = (message: MimeMessage, boundary = `mp-${randomBytes(12).toString('hex')}`): string => {
  const lines = [
    `From: ${message.from}`,
    `To: ${message.to}`,
    `Subject: ${encodeWord(message.subject)}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: base64',
    '',
    base64Lines(Buffer.from(message.text, 'utf8')),
  ];
  for (const a of message.attachments) {
    const name = encodeWord(a.filename);
    lines.push(
      `--${boundary}`,
      `Content-Type: ${a.contentType}; name="${name}"`,
      `Content-Disposition: attachment; filename="${name}"`,
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(a.content),
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\r\n');
};
