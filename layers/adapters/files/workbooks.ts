import type ExcelJS from 'exceljs';
import type { FileJobKind, FileRow } from '#contracts/file-jobs';
import { COLUMNS, headerText } from '#core/files/columns';

// The .xlsx files the platform writes: the import template (header in Chinese and English, one example
// row) and the validation report (every row, its status and its errors). A cell that a spreadsheet
// would take as a formula (= + - @, or a tab / carriage return first) is written with a leading
// apostrophe, so opening a report never runs what someone typed into a file. exceljs is loaded by the
// first workbook written, not at cold start: the import routes that list or read jobs never need it.

const workbookOf = async (): Promise<ExcelJS.Workbook> => new (await import('exceljs')).default.Workbook();

export const escapeCell = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const toBuffer = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());

export const templateWorkbook = async (kind: FileJobKind): Promise<Buffer> => {
  const workbook = await workbookOf();
  const sheet = workbook.addWorksheet(kind === 'IMPORT' ? '导入请求' : '接收人');
  const columns = COLUMNS[kind];
  sheet.columns = columns.map((c) => ({ header: headerText(c), key: c.key, width: Math.max(14, headerText(c).length + 4) }));
  sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example])));
  sheet.getRow(1).font = { bold: true };
  return toBuffer(workbook);
};

export const reportWorkbook = async (kind: FileJobKind, rows: FileRow[]): Promise<Buffer> => {
  const workbook = await workbookOf();
  const sheet = workbook.addWorksheet('校验报告 report');
  const columns = COLUMNS[kind];
  sheet.addRow(['行号 (row)', '状态 (status)', '错误 (errors)', '请求号 (requestNo)', ...columns.map(headerText)]).font = { bold: true };
  for (const row of [...rows].sort((a, b) => a.rowNo - b.rowNo)) {
    sheet.addRow(
      [String(row.rowNo), row.status, (row.errors ?? []).map((e) => e.message).join('\n'), row.requestNo ?? '', ...columns.map((c) => row.cells[c.key] ?? '')].map(escapeCell),
    );
  }
  return toBuffer(workbook);
};
