import { PutObjectCommand } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3FileSource } from '#adapters/files/s3-file-source';
import { escapeCell } from '#adapters/files/workbooks';
import type { SourceRow } from '#core/files/ports';
import { startS3, type LocalS3 } from '../../../infra/local/s3.ts';

// What the reader refuses before parsing a byte of a workbook, and what it reads: against the local
// S3 endpoint (s3rver), with range requests as in AWS.

const BUCKET = 'unit-imports';
const LIMITS = { maxBytes: 50 * 1024 * 1024, maxUnzippedBytes: 4 * 1024 * 1024 };
let s3: LocalS3;

const put = async (key: string, body: Buffer | string) => {
  await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  return key;
};

const workbookZip = async (extra: Record<string, Buffer | string> = {}) => {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('xl/workbook.xml', '<workbook/>');
  for (const [name, content] of Object.entries(extra)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
};

const all = async (rows: AsyncIterable<SourceRow>) => {
  const out: SourceRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

describe('file source: checks before parsing, rows as a stream', () => {
  beforeAll(async () => {
    s3 = await startS3([BUCKET]);
  });
  afterAll(async () => {
    await s3?.stop();
  });
  const source = () => s3FileSource(s3.objects, BUCKET);

  it('refuses an encrypted (or legacy .xls) workbook by its OLE header', async () => {
    const key = await put('enc.xlsx', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    expect(await source().inspect(key, 'xlsx', LIMITS)).toMatch(/加密.*encrypted/);
  });

  it('refuses a workbook with macros', async () => {
    const key = await put('macro.xlsx', await workbookZip({ 'xl/vbaProject.bin': Buffer.alloc(100, 1) }));
    expect(await source().inspect(key, 'xlsx', LIMITS)).toMatch(/宏.*macros/);
  });

  it('refuses a zip bomb from its directory, without inflating it', async () => {
    const key = await put('bomb.xlsx', await workbookZip({ 'xl/worksheets/sheet1.xml': Buffer.alloc(6 * 1024 * 1024) }));
    expect(await source().inspect(key, 'xlsx', LIMITS)).toMatch(/压缩炸弹.*zip bomb/);
  });

  it('refuses content that is not what the name says', async () => {
    expect(await source().inspect(await put('text.xlsx', 'mobile\n138\n'), 'xlsx', LIMITS)).toMatch(/not an .xlsx/);
    expect(await source().inspect(await put('binary.csv', Buffer.from([0x41, 0, 0x42])), 'csv', LIMITS)).toMatch(/not CSV/);
    expect(await source().inspect(await put('ok.csv', 'mobile\n13800000000\n'), 'csv', LIMITS)).toBeUndefined();
  });

  it('reads a workbook row by row, reporting formulas instead of evaluating them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('s');
    sheet.addRow(['mobile', 'custName']);
    sheet.addRow(['13800000000', '张三']);
    sheet.addRow([{ formula: 'A2&"1"', result: '138000000001' }, '李四']);
    sheet.getRow(5).getCell(1).value = '13900000000';
    const key = await put('rows.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(await source().inspect(key, 'xlsx', LIMITS)).toBeUndefined();
    const head = await source().head(key);
    const rows = await all(source().rows(key, 'xlsx', head!.etag));
    expect(rows.map((r) => r.cells)).toEqual([['mobile', 'custName'], ['13800000000', '张三'], ['', '李四'], [], ['13900000000']]);
    expect(rows[2]!.formulas).toEqual([0]);
  });

  it('finds the zip directory of a workbook larger than the directory search window (64 KB)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('s');
    sheet.addRow(['mobile', 'custName']);
    for (let i = 0; i < 20_000; i++) sheet.addRow([`13${String(i).padStart(9, '0')}`, `客户${i}`]);
    const body = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(body.length).toBeGreaterThan(2 * 65_557);
    const key = await put('large.xlsx', body);
    expect(await source().inspect(key, 'xlsx', LIMITS)).toBeUndefined();
    const head = await source().head(key);
    expect((await all(source().rows(key, 'xlsx', head!.etag))).length).toBe(20_001);
  });

  it('reads csv with a BOM and quoted fields', async () => {
    const key = await put('rows.csv', '\ufeffmobile,custName\n13800000000,"张, 三"\n');
    const head = await source().head(key);
    expect((await all(source().rows(key, 'csv', head!.etag))).map((r) => r.cells)).toEqual([['mobile', 'custName'], ['13800000000', '张, 三']]);
  });

  it('escapes what a spreadsheet would run when it writes a report', () => {
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', 'plain'].map(escapeCell)).toEqual(["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", 'plain']);
  });
});
