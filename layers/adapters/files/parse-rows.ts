import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { SourceRow } from '#core/files/ports';

// Rows as streams: exceljs's streaming reader for .xlsx (first worksheet only; shared strings cached,
// styles and hyperlinks ignored) and csv-parse for .csv. Formulas are never evaluated: the cell is
// reported as a formula, whatever result a spreadsheet cached for it. exceljs (about 1 MB with its
// zip libraries) is loaded by the first .xlsx read, not at cold start: a .csv never needs it; csv-parse
// (29 KB) likewise by the first .csv.

type CellValue = ExcelJS.CellValue;

const textOf = (value: CellValue): { text: string; formula: boolean } => {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (typeof value === 'string') return { text: value, formula: false };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value), formula: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 19).replace('T', ' '), formula: false };
  if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join(''), formula: false };
  if ('text' in value) return { text: String(value.text), formula: false };
  if ('error' in value) return { text: String(value.error), formula: false };
  return { text: '', formula: false };
};

export async function* xlsxRows(stream: Readable): AsyncIterable<SourceRow> {
  const { default: excel } = await import('exceljs');
  const reader = new excel.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'ignore', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const worksheet of reader) {
      let expected = 1;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        // The streaming reader skips empty rows; the row numbers the user sees are kept.
        for (; expected < row.number; expected++) yield { cells: [], formulas: [] };
        expected = row.number + 1;
        const values = (row.values as CellValue[]) ?? [];
        const cells: string[] = [];
        const formulas: number[] = [];
        for (let column = 1; column < values.length; column++) {
          const { text, formula } = textOf(values[column]);
          cells[column - 1] = text;
          if (formula) formulas.push(column - 1);
        }
        yield { cells: Array.from(cells, (c) => c ?? ''), formulas };
      }
      return;
    }
  } finally {
    stream.destroy();
  }
}

export async function* csvRows(stream: Readable): AsyncIterable<SourceRow> {
  const { parse } = await import('csv-parse');
  const parser = stream.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: false, max_record_size: 64 * 1024 }));
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield { cells: record, formulas: [] };
  } finally {
    stream.destroy();
  }
}
