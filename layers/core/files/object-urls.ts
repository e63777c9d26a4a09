import { DomainError } from '#core/errors';

/** Presigned URLs: the browser and callers move file bytes straight to and from S3, never through a Lambda. */
export interface ObjectUrls {
  uploadUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** A GET that saves as `fileName`. */
  downloadUrl(key: string, fileName: string, expiresInSeconds: number): Promise<string>;
}

export const UPLOAD_URL_SECONDS = 900;

/** .xlsx or .csv by name; the content is checked again when read (never trusted from the name). */
export const fileTypeOf = (fileName: string, field = 'fileName'): 'xlsx' | 'csv' => {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext === 'xlsx' || ext === 'csv') return ext;
  if (ext === 'xlsm' || ext === 'xls') throw new DomainError('VALIDATION', `${field}: 不接受 .${ext} 文件（含宏或旧格式），请另存为 .xlsx (.${ext} refused: save as .xlsx)`, field);
  throw new DomainError('VALIDATION', `${field}: 只接受 .xlsx 或 .csv 文件 (only .xlsx or .csv files)`, field);
};
