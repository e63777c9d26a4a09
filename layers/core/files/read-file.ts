import { createHash } from 'node:crypto';
import type { FileJob, FileRowsMessage, RawRow, ReadFileMessage, RowError } from '#contracts/file-jobs';
import type { ConfigReader } from '#core/config-port';
import { readParameter } from '#core/parameters';
import type { QueuePublisher } from '#core/queue-port';
import { readHeader, type HeaderMap } from './columns.ts';
import { failJob, phaseStatus, afterCount, type JobFlowDeps } from './job-flow.ts';
import type { FileJobStore, FileSource } from './ports.ts';
import { rowMessage } from './row-message.ts';

// The reader (fileRead queue): streams the job's file, checks the header and the limits, and fans the
// rows out in chunks (fileRows queue). It holds one chunk and one hash per row (duplicates) in memory,
// whatever the file's size, and reads one segment of rows per run; the next segment is a new message.

export const SEGMENT_ROWS = 25_000;
/** Rows per chunk message are FILE_CHUNK_ROWS; SQS takes 256 KB, so a chunk is also cut at CHUNK_BYTES. */
const CHUNK_BYTES = 160_000;
/** Longer cells are longer than any field allows: kept only long enough to be refused as too long. */
const CELL_MAX = 1_000;

export interface ReadFileDeps extends JobFlowDeps {
  jobs: FileJobStore;
  source: FileSource;
  config: ConfigReader;
  queue: QueuePublisher;
  queues: { read: string; rows: string; progress: string };
}

const toRaw = (header: HeaderMap, rowNo: number, cells: string[], formulas: number[]): RawRow => {
  const errors: RowError[] = [];
  const named: Record<string, string> = {};
  for (const { position, key } of header) {
    const text = (cells[position] ?? '').slice(0, CELL_MAX);
    if (formulas.includes(position)) errors.push(rowMessage(rowNo, key, '不接受公式，请填写值 (formulas are not accepted; enter the value)'));
    if (text !== '') named[key] = text;
  }
  return { rowNo, cells: named, errors };
};

/** The job's chunk size, fixed the first time it is needed: a redelivered segment cuts the same chunks whatever the parameter says now. */
const chunkRowsOf = async (deps: ReadFileDeps, job: FileJob): Promise<number> => {
  if (job.chunkRows) return job.chunkRows;
  const fixed = await deps.jobs.setOnce(job.kind, job.id, { chunkRows: await readParameter(deps.config, 'FILE_CHUNK_ROWS') });
  const chunkRows = (fixed ?? (await deps.jobs.get(job.kind, job.id)))?.chunkRows;
  if (!chunkRows) throw new Error(`file job ${job.id} has no chunk size`);
  return chunkRows;
};

const hashOf = (cells: Record<string, string>) =>
  createHash('sha256').update(JSON.stringify(Object.entries(cells).map(([k, v]) => [k, v.trim()]).sort())).digest('base64').slice(0, 16);

export const readFile = async (deps: ReadFileDeps, message: ReadFileMessage): Promise<void> => {
  const { kind, jobId, phase, segment } = message;
  const job = await deps.jobs.get(kind, jobId);
  // Anything else is a duplicate or a job that moved on (failed, cancelled): nothing to do.
  if (!job || job.status !== phaseStatus[phase]) return;
  const [maxRows, maxBytes, maxUnzippedBytes] = await Promise.all([
    readParameter(deps.config, 'FILE_MAX_ROWS'),
    readParameter(deps.config, 'FILE_MAX_BYTES'),
    readParameter(deps.config, 'FILE_MAX_UNZIPPED_BYTES'),
  ]);
  const fail = (error: string) => failJob(deps, job, phaseStatus[phase], error);

  let etag = job.etag;
  if (segment === 0 && phase === 'validate') {
    const object = await deps.source.head(job.detailFilePath);
    if (!object) return fail('文件尚未上传 (the file was not uploaded)');
    if (object.size === 0) return fail('文件为空 (the file is empty)');
    if (object.size > maxBytes) return fail(`文件大小 ${object.size} 字节超过上限 ${maxBytes} (file larger than ${maxBytes} bytes)`);
    const problem = await deps.source.inspect(job.detailFilePath, job.fileType, { maxBytes, maxUnzippedBytes });
    if (problem) return fail(problem);
    etag = object.etag;
    await deps.jobs.setOnce(kind, jobId, { etag });
  }
  if (!etag) return fail('文件尚未校验 (the file was not validated)');
  const chunkRows = await chunkRowsOf(deps, job);

  const first = segment * SEGMENT_ROWS;
  const seen = new Map<string, number>();
  let header: HeaderMap | undefined;
  let fileRow = 0;
  let dataIndex = 0;
  let chunk: RawRow[] = [];
  let chunkBytes = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const out: FileRowsMessage = { kind, jobId, phase, chunkNo: chunk[0]!.rowNo, rows: chunk };
    await deps.queue.send(deps.queues.rows, out);
    chunk = [];
    chunkBytes = 0;
  };
  for await (const row of deps.source.rows(job.detailFilePath, job.fileType, etag)) {
    fileRow += 1;
    if (!header) {
      const read = readHeader(kind, row.cells);
      if ('errors' in read) return fail(read.errors.map((e) => e.message).join('；'));
      header = read.map;
      continue;
    }
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    if (dataIndex >= maxRows) return fail(`第 ${fileRow} 行: 超过最大行数 ${maxRows} (more than ${maxRows} rows)`);
    const raw = toRaw(header, fileRow, row.cells, row.formulas);
    const hash = hashOf(raw.cells);
    const earlier = seen.get(hash);
    if (earlier === undefined) seen.set(hash, fileRow);
    else raw.errors.push(rowMessage(fileRow, '*', `与第 ${earlier} 行重复 (duplicate of row ${earlier})`));
    const index = dataIndex++;
    if (index < first) continue;
    if (index >= first + SEGMENT_ROWS) {
      await flush();
      await deps.queue.send(deps.queues.read, { kind, jobId, phase, segment: segment + 1 } satisfies ReadFileMessage);
      return;
    }
    const bytes = Buffer.byteLength(JSON.stringify(raw));
    if (chunk.length >= chunkRows || chunkBytes + bytes > CHUNK_BYTES) await flush();
    chunk.push(raw);
    chunkBytes += bytes;
  }
  if (!header) return fail('文件为空，缺少表头 (the file is empty: no header row)');
  if (dataIndex === 0) return fail('文件没有数据行 (the file has no data rows)');
  await flush();
  if (phase === 'validate') {
    await deps.jobs.setOnce(kind, jobId, { totalRows: dataIndex });
    const updated = await deps.jobs.get(kind, jobId);
    if (updated) await afterCount(deps, updated, phase);
  }
};
