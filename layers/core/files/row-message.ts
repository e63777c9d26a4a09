import type { RowError } from '#contracts/file-jobs';

// A row's error as the file report shows it. Apart from validate-row.ts so reading a file and
// tracking its progress do not load the sendMessage body's schemas that validating a row needs.

export const rowMessage = (rowNo: number, column: string, message: string): RowError => ({
  column,
  message: column === '*' ? `第 ${rowNo} 行 (row ${rowNo}): ${message}` : `第 ${rowNo} 行 ${column} 列 (row ${rowNo}, column ${column}): ${message}`,
});
