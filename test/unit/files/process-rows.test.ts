import { describe, expect, it } from 'vitest';
import type { FileJob, FileRow, RawRow } from '#contracts/file-jobs';
import type { MessageRequest, Recipient } from '#contracts/records';
import { ROW_CONCURRENCY } from '#core/files/job-flow';
import type { FileJobStore } from '#core/files/ports';
import { processRows } from '#core/files/process-rows';
import { intakeConfigItems, MemoryConfig, MemoryIntakeStore, MemoryLog, MemoryQueue } from '../../support/fakes/intake-fakes.ts';

// The chunk worker's send phase for an import: each row is its own request, so a chunk's rows are
// accepted side by side — a bounded number at once — and each still exactly once.

const at = '2026-01-01T00:00:00.000Z';

/** An intake store whose writes take a turn of the event loop, counting how many overlap. */
class OverlapStore extends MemoryIntakeStore {
  inFlight = 0;
  maxInFlight = 0;
  override async create(request: MessageRequest, recipients: Recipient[]) {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setImmediate(r));
    this.inFlight -= 1;
    return super.create(request, recipients);
  }
}

const setup = () => {
  const job: FileJob = {
    id: 'IMP1', kind: 'IMPORT', status: 'SENDING', fileName: 'a.xlsx', fileType: 'xlsx', detailFilePath: 'imports/IMP1.xlsx', createdAt: at, updatedAt: at, totalRows: 20,
    rowsRead: 20, rowsValid: 20, rowsInvalid: 0, rowsAccepted: 0, rowsRefused: 0, rowsDelivered: 0, rowsFailed: 0,
  };
  const stored: FileRow[] = [];
  const counted = new Set<string>();
  const jobs = {
    get: async () => job,
    counted: async (_j: string, step: string, chunkNo: number) => counted.has(`${step}#${chunkNo}`),
    putRows: async (_k: unknown, rows: FileRow[]) => void stored.push(...rows),
    count: async (_k: unknown, _j: string, step: string, chunkNo: number, counts: Partial<FileJob>) => {
      if (counted.has(`${step}#${chunkNo}`)) return undefined;
      counted.add(`${step}#${chunkNo}`);
      return Object.assign(job, { rowsAccepted: job.rowsAccepted + (counts.rowsAccepted ?? 0), rowsRefused: job.rowsRefused + (counts.rowsRefused ?? 0) });
    },
    setOnce: async (_k: unknown, _i: unknown, fields: Partial<FileJob>) => Object.assign(job, fields),
    moveStatus: async () => undefined,
  } as unknown as FileJobStore;
  const config = new MemoryConfig(intakeConfigItems());
  const store = new OverlapStore();
  const queue = new MemoryQueue();
  const now = () => new Date(at);
  const deps = {
    jobs, config, queue, now,
    attachments: { find: async () => undefined },
    intake: { config, store, queue, queues: { general: 'general', green: 'green' }, now, log: new MemoryLog() },
    queues: { read: 'read', progress: 'progress' },
  };
  const rows: RawRow[] = Array.from({ length: 20 }, (_, i) => ({
    rowNo: i + 2,
    cells: { institution: 'OUTPLATFORM', bizType: 'MARKET_ACTIVITY', bizId: `B${i}`, useTmpl: 'N', msgTitle: '通知', msgContent: '您好', mobile: `138000000${String(i).padStart(2, '0')}` },
    errors: [],
  }));
  const run = () => processRows(deps, { kind: 'IMPORT', jobId: 'IMP1', phase: 'send', chunkNo: 2, rows });
  return { job, store, stored, queue, run };
};

describe('processRows: an import chunk is accepted side by side', () => {
  it(`accepts the rows of a chunk ${ROW_CONCURRENCY} at a time, each once, and counts them once`, async () => {
    const { job, store, stored, run } = setup();
    await run();
    expect(store.maxInFlight).toBe(ROW_CONCURRENCY);
    expect(store.requests.size).toBe(20);
    expect(stored.map((r) => [r.rowNo, r.status])).toEqual(Array.from({ length: 20 }, (_, i) => [i + 2, 'ACCEPTED']));
    expect(job.rowsAccepted).toBe(20);
    // The chunk again (SQS delivers at least once): nothing new is stored, nothing counted twice.
    await run();
    expect(store.requests.size).toBe(20);
    expect(job.rowsAccepted).toBe(20);
  });
});
