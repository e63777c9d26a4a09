import type { CountName, FileJob, FileJobKind, FileJobStatus, FileRow, FileRowStatus } from '#contracts/file-jobs';

/** File jobs and their rows (DynamoDB messages table; docs/ARCHITECTURE.md → file jobs). */
export interface FileJobStore {
  get(kind: FileJobKind, id: string): Promise<FileJob | undefined>;
  /** Only if the id is new; false when it exists. */
  create(job: FileJob): Promise<boolean>;
  /** Conditional on the current status being one of `from`; the new item, or undefined when it was not. */
  moveStatus(kind: FileJobKind, id: string, from: FileJobStatus[], to: FileJobStatus, set?: Partial<FileJob>): Promise<FileJob | undefined>;
  /** Sets fields that are written once (totalRows, etag, acceptedAt): only while absent. */
  setOnce(kind: FileJobKind, id: string, fields: Partial<FileJob>): Promise<FileJob | undefined>;
  /** Whether this step of this chunk was counted already. */
  counted(jobId: string, step: string, chunkNo: number): Promise<boolean>;
  /** Adds the chunk's counts to the job exactly once per (step, chunk); the new job, or undefined if counted before. */
  count(kind: FileJobKind, jobId: string, step: string, chunkNo: number, counts: Partial<Record<CountName, number>>): Promise<FileJob | undefined>;
  putRows(kind: FileJobKind, rows: FileRow[]): Promise<void>;
  getRows(kind: FileJobKind, jobId: string, rowNos: number[]): Promise<FileRow[]>;
  /** Moves a row on only from `from` (a late progress check never overwrites a newer state). */
  moveRow(kind: FileJobKind, row: FileRow, from: FileRowStatus, next: Pick<FileRow, 'status' | 'errors' | 'updatedAt'>): Promise<void>;
}

export interface StoredObject {
  size: number;
  etag: string;
  contentType?: string | undefined;
}

/** One row as the file has it: cell texts by position; formulas are reported, never evaluated. */
export interface SourceRow {
  cells: string[];
  /** Positions of cells that hold a formula. */
  formulas: number[];
}

export interface FileLimits {
  maxBytes: number;
  maxUnzippedBytes: number;
}

/** The imports bucket as the reader sees it. */
export interface FileSource {
  head(key: string): Promise<StoredObject | undefined>;
  /** What makes the file unreadable or unsafe (wrong type, zip bomb, encrypted, macros), checked before parsing. */
  inspect(key: string, type: 'xlsx' | 'csv', limits: FileLimits): Promise<string | undefined>;
  /** The rows of the first worksheet (or the csv), header first, read as a stream. */
  rows(key: string, type: 'xlsx' | 'csv', etag: string): AsyncIterable<SourceRow>;
}
