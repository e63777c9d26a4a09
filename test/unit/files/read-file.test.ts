import { describe, expect, it } from 'vitest';
import type { FileJob, FileRowsMessage } from '#contracts/file-jobs';
import type { FileJobStore, FileSource, SourceRow } from '#core/files/ports';
import { readFile } from '#core/files/read-file';
import { MemoryConfig, MemoryQueue } from '../../support/fakes/intake-fakes.ts';

// The reader's verdicts on a file, with the limits as platform parameters: too many rows or bytes
// fail the file naming the row or the limit; duplicates and formulas are errors of their rows.

const at = '2026-01-01T00:00:00.000Z';
const job = (): FileJob => ({
  id: 'IMP1', kind: 'IMPORT', status: 'VALIDATING', fileName: 'a.xlsx', fileType: 'xlsx', detailFilePath: 'imports/IMP1.xlsx', createdAt: at, updatedAt: at,
  rowsRead: 0, rowsValid: 0, rowsInvalid: 0, rowsAccepted: 0, rowsRefused: 0, rowsDelivered: 0, rowsFailed: 0,
});

const setup = (rows: SourceRow[], size = 100, { maxRows = 3, chunkRows }: { maxRows?: number; chunkRows?: string } = {}) => {
  const current = job();
  const jobs = {
    get: async () => current,
    setOnce: async (_k: unknown, _i: unknown, fields: Partial<FileJob>) => Object.assign(current, fields),
    moveStatus: async (_k: unknown, _i: unknown, from: string[], to: FileJob['status'], set: Partial<FileJob> = {}) =>
      from.includes(current.status) ? Object.assign(current, set, { status: to }) : undefined,
  } as unknown as FileJobStore;
  const source: FileSource = {
    head: async () => ({ size, etag: '"e1"' }),
    inspect: async () => undefined,
    rows: async function* () {
      yield* rows;
    },
  };
  const config = new MemoryConfig({
    parameter: [
      { code: 'FILE_MAX_ROWS', name: 'rows', value: String(maxRows) },
      { code: 'FILE_MAX_BYTES', name: 'bytes', value: '1000' },
      ...(chunkRows ? [{ code: 'FILE_CHUNK_ROWS', name: 'chunk', value: chunkRows }] : []),
    ],
  });
  const queue = new MemoryQueue();
  const deps = { jobs, source, config, queue, queues: { read: 'read', rows: 'rows', progress: 'progress' }, now: () => new Date(at) };
  return { current, queue, config, run: (phase: 'validate' | 'send' = 'validate') => readFile(deps, { kind: 'IMPORT', jobId: 'IMP1', phase, segment: 0 }) };
};

const header: SourceRow = { cells: ['系统标识 (institution)', 'bizType', '业务ID', 'useTmpl', 'msgContent'], formulas: [] };
const row = (...cells: string[]): SourceRow => ({ cells, formulas: [] });

describe('readFile: limits, duplicates and formulas', () => {
  it('fails a file with more rows than FILE_MAX_ROWS, naming the row', async () => {
    const { current, run } = setup([header, row('A', 'B', '1', 'N', 'x'), row('A', 'B', '2', 'N', 'x'), row('A', 'B', '3', 'N', 'x'), row('A', 'B', '4', 'N', 'x')]);
    await run();
    expect(current).toMatchObject({ status: 'FAILED', error: '第 5 行: 超过最大行数 3 (more than 3 rows)' });
  });

  it('fails a file larger than FILE_MAX_BYTES before reading it', async () => {
    const { current, queue, run } = setup([header], 5_000);
    await run();
    expect(current).toMatchObject({ status: 'FAILED' });
    expect(current.error).toContain('超过上限 1000');
    expect(queue.sent).toEqual([]);
  });

  it('marks a duplicate row and a formula cell as errors of their rows, naming row and column', async () => {
    const { current, queue, run } = setup([
      header,
      row('A', 'B', '1', 'N', 'hello'),
      row(' A', 'B', '1', 'N', 'hello '),
      { cells: ['A', 'B', '3', 'N', ''], formulas: [4] },
    ]);
    await run();
    const [chunk] = queue.sent.map((s) => s.message as FileRowsMessage);
    expect(chunk!.rows.map((r) => r.errors.map((e) => e.message))).toEqual([
      [],
      ['第 3 行 (row 3): 与第 2 行重复 (duplicate of row 2)'],
      ['第 4 行 msgContent 列 (row 4, column msgContent): 不接受公式，请填写值 (formulas are not accepted; enter the value)'],
    ]);
    expect(current).toMatchObject({ status: 'VALIDATING', totalRows: 3, etag: '"e1"' });
  });

  it('fails a file whose header names unknown or misses required columns', async () => {
    const { current, run } = setup([row('institution', 'bizType', 'phone'), row('A', 'B', '1')]);
    await run();
    expect(current.status).toBe('FAILED');
    expect(current.error).toContain('未知的列 "phone"');
    expect(current.error).toContain('缺少必填列 业务ID (bizId)');
  });

  it('cuts chunks of FILE_CHUNK_ROWS rows, and the send phase cuts the same ones after the parameter changed', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => row('A', 'B', String(i + 1), 'N', 'x'));
    const { current, queue, config, run } = setup([header, ...rows], 100, { maxRows: 100, chunkRows: '10' });
    await run();
    const chunksOf = () => queue.sent.splice(0).map((s) => s.message as FileRowsMessage).map((m) => [m.chunkNo, m.rows.length]);
    expect(chunksOf()).toEqual([[2, 10], [12, 10], [22, 5]]);
    expect(current.chunkRows).toBe(10);
    // Each chunk of the send phase is one request named by its chunkNo: a re-read must not cut differently.
    config.items.parameter = config.items.parameter!.map((p) => (p.code === 'FILE_CHUNK_ROWS' ? { ...p, value: '20' } : p));
    current.status = 'SENDING';
    await run('send');
    expect(chunksOf()).toEqual([[2, 10], [12, 10], [22, 5]]);
  });
});
