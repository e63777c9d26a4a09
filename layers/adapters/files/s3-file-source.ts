import type { S3 } from '#adapters/s3-client';
import type { FileSource } from '#core/files/ports';
import { csvRows, xlsxRows } from './parse-rows.ts';
import { bytesOf, rangeOf } from './s3-reads.ts';
import { findDirectory, isOleContainer, isZip, readDirectory, workbookProblem } from './zip-inspect.ts';

/** The end-of-central-directory record is at most 22 bytes + a 64 KB comment from the end. */
const TAIL = 22 + 65_535;

/** The first bytes say what a file is, whatever its name or the Content-Type the client sent. */
export const sniff = (head: Buffer): 'zip' | 'ole' | 'text' | 'binary' =>
  head.length >= 4 && isZip(head) ? 'zip' : head.length >= 8 && isOleContainer(head) ? 'ole' : head.includes(0) ? 'binary' : 'text';

/** The imports bucket as the file reader sees it. */
export const s3FileSource = (s3: S3, bucket: string): FileSource => ({
  head: (key) => s3.head(bucket, key),
  async inspect(key, type, limits) {
    const { bytes: head, size = head.length } = await rangeOf(s3, bucket, key, 'bytes=0-4095');
    const kind = sniff(head);
    if (kind === 'ole') return '工作簿已加密或为旧版 .xls 格式，请另存为未加密的 .xlsx (encrypted or legacy .xls workbook: save it as an unencrypted .xlsx)';
    if (type === 'csv') return kind === 'text' ? undefined : '文件内容不是 CSV 文本 (the content is not CSV text)';
    if (kind !== 'zip') return '文件内容不是 .xlsx 工作簿 (the content is not an .xlsx workbook)';
    // An explicit range, not the suffix form `bytes=-N`: the local S3 (s3rver) answers that with the first N bytes.
    const tail = await bytesOf(s3, bucket, key, `bytes=${Math.max(0, size - TAIL)}-${size - 1}`);
    const directory = findDirectory(tail);
    if (!directory) return '.xlsx 文件已损坏 (damaged .xlsx: no zip directory)';
    if (directory.size > limits.maxBytes) return '.xlsx 文件已损坏 (damaged .xlsx: zip directory too large)';
    const bytes = await bytesOf(s3, bucket, key, `bytes=${directory.offset}-${directory.offset + directory.size - 1}`);
    return workbookProblem(readDirectory(bytes), limits.maxUnzippedBytes);
  },
  async *rows(key, type, etag) {
    const { body } = await s3.get(bucket, key, { ifMatch: etag });
    yield* type === 'xlsx' ? xlsxRows(body) : csvRows(body);
  },
});
