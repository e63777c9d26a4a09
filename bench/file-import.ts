import { PutObjectCommand } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { availableParallelism, loadavg } from 'node:os';
import { PassThrough } from 'node:stream';
import type { FileJob, FileRowsMessage } from '../layers/contracts/file-jobs.ts';
import { s3FileSource } from '../layers/adapters/files/s3-file-source.ts';
import type { ConfigReader } from '../layers/core/config-port.ts';
import { readFile } from '../layers/core/files/read-file.ts';
import type { FileJobStore } from '../layers/core/files/ports.ts';
import type { LocalPlatform } from '../infra/local/platform.ts';
import { round } from './stats.ts';

// 100,000 rows (SPEC §10): (1) the reader alone — the real S3 source and readFile use case, chunks
// counted instead of queued — for its rows per second and peak memory, as .csv and as .xlsx; (2) the
// whole file request through the running platform: rows per second validated and accepted, and the
// time until every row was accepted (delivery continues after; it is the pipeline bench's subject).

const KEY = 'demo-outplatform-key';

const csvOf = (rows: number) => {
  const lines = ['mobile,custName,custType'];
  for (let i = 0; i < rows; i++) lines.push(`13${String(i).padStart(9, '0')},客户${i},PERSONAL`);
  return Buffer.from(lines.join('\n'));
};

const xlsxOf = async (rows: number) => {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = writer.addWorksheet('recipients');
  sheet.addRow(['手机号码 (mobile)', '客户姓名 (custName)', '账户类型 (custType)']).commit();
  for (let i = 0; i < rows; i++) sheet.addRow([`13${String(i).padStart(9, '0')}`, `客户${i}`, 'PERSONAL']).commit();
  sheet.commit();
  await writer.commit();
  return Buffer.concat(parts);
};

/** The reader with its real S3 source; the job store and the queue are counters. */
const readerAlone = async (platform: LocalPlatform, type: 'csv' | 'xlsx', body: Buffer, rows: number) => {
  const bucket = platform.resolved.bucket('imports');
  const key = `bench/reader-${rows}.${type}`;
  await platform.s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  const at = new Date().toISOString();
  const job: FileJob = {
    id: 'FBENCH', kind: 'FILE', status: 'VALIDATING', fileName: key, fileType: type, detailFilePath: key, createdAt: at, updatedAt: at,
    rowsRead: 0, rowsValid: 0, rowsInvalid: 0, rowsAccepted: 0, rowsRefused: 0, rowsDelivered: 0, rowsFailed: 0,
  };
  let chunked = 0;
  let segments = 0;
  const jobs = { get: async () => job, setOnce: async (_k: unknown, _i: unknown, f: Partial<FileJob>) => Object.assign(job, f), moveStatus: async () => undefined } as unknown as FileJobStore;
  const config: ConfigReader = { get: async () => undefined, list: async () => [] } as unknown as ConfigReader;
  const queue = {
    send: async (url: string, message: unknown) => {
      if (url === 'rows') chunked += (message as FileRowsMessage).rows.length;
      else segments += 1;
    },
    sendMany: async () => undefined,
  };
  const deps = { jobs, source: s3FileSource(platform.s3.client, bucket), config, queue, queues: { read: 'read', rows: 'rows', progress: 'progress' }, now: () => new Date() };
  global.gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 20);
  const started = performance.now();
  // Every segment, as the queue would deliver them one after the other.
  for (let segment = 0; segment <= segments; segment++) await readFile(deps, { kind: 'FILE', jobId: job.id, phase: 'validate', segment });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    fileBytes: body.length,
    rowsChunked: chunked,
    segments: segments + 1,
    seconds: round(seconds, 2),
    rowsPerSecond: Math.round(chunked / seconds),
    peakHeapGrowthMb: round((peakHeap - base.heapUsed) / 1048576),
    peakRssGrowthMb: round((peakRss - base.rss) / 1048576),
  };
};

const api = async (platform: LocalPlatform, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${platform.url}${path}`, { method, headers: { 'x-api-key': KEY, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return ((await response.json()) as { body: Record<string, unknown> }).body;
};

/** The file request end to end through the platform, until every row is accepted. */
const throughPlatform = async (platform: LocalPlatform, body: Buffer, rows: number, log: (line: string) => void, deadline: number) => {
  const ticket = await api(platform, 'POST', '/api/hcmsg/files/upload-url', { fileName: 'bench.csv' });
  await fetch(String(ticket.uploadUrl), { method: 'PUT', body });
  const submittedAt = performance.now();
  const submitted = await api(platform, 'POST', '/api/hcmsg/sendFileMessage', {
    requestNo: `BENCH${Date.now()}`, institution: 'OUTPLATFORM', bizType: 'MARKET_ACTIVITY', bizId: 'BENCH', pushType: 'MULTI_ACCOUNT', bizContent: '{}', useTmpl: 'N',
    msgTitle: '压测', msgContent: '文件请求压测', requestTime: '2026-01-01 10:00:00', requestIp: '10.0.0.1', fileId: ticket.fileId,
  });
  const id = String(submitted.fileRequestId);
  let validatedAt: number | undefined;
  let last = '';
  for (;;) {
    const job = await api(platform, 'GET', `/api/hcmsg/files/${id}?limit=1`);
    const [valid = 0, invalid = 0, accepted = 0, refused = 0] = ['rowsValid', 'rowsInvalid', 'rowsAccepted', 'rowsRefused'].map((k) => Number(job[k] ?? 0));
    const line = `  ${job.status} validated ${valid + invalid}/${rows} accepted ${accepted + refused}/${rows}`;
    if (line !== last) log(line);
    last = line;
    if (validatedAt === undefined && valid + invalid >= rows) validatedAt = performance.now();
    const late = Date.now() > deadline;
    if (accepted + refused >= rows || job.status === 'FAILED' || late) {
      const acceptedAt = performance.now();
      if (late) {
        // A machine too busy to finish in the time given: the rates so far, and that it did not finish.
        const seconds = (acceptedAt - submittedAt) / 1000;
        return { status: job.status, finished: false, afterSeconds: round(seconds), rowsValidated: valid + invalid, rowsAccepted: accepted + refused, validatedPerSecond: Math.round((valid + invalid) / ((validatedAt ?? acceptedAt) - submittedAt) * 1000), acceptedPerSecondSinceValidated: validatedAt ? Math.round(((accepted + refused) / (acceptedAt - validatedAt)) * 1000) : 0 };
      }
      const validateSeconds = ((validatedAt ?? acceptedAt) - submittedAt) / 1000;
      const acceptSeconds = (acceptedAt - (validatedAt ?? submittedAt)) / 1000;
      return {
        status: job.status,
        rowsAccepted: accepted,
        rowsRefused: refused,
        validatedPerSecond: Math.round(rows / validateSeconds),
        acceptedPerSecond: Math.round(rows / acceptSeconds),
        secondsUntilValidated: round(validateSeconds),
        secondsUntilEveryRowAccepted: round((acceptedAt - submittedAt) / 1000),
      };
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
};

export async function benchFileImport(platform: LocalPlatform, log: (line: string) => void, rows = 100_000) {
  const csv = csvOf(rows);
  log(`  reader alone, ${rows} rows as .csv…`);
  const readerCsv = await readerAlone(platform, 'csv', csv, rows);
  log(`  reader alone, ${rows} rows as .xlsx…`);
  const readerXlsx = await readerAlone(platform, 'xlsx', await xlsxOf(rows), rows);
  log(`  file request of ${rows} rows through the platform…`);
  const platformRun = await throughPlatform(platform, csv, rows, log, Date.now() + Number(process.env.BENCH_IMPORT_MAX_SECONDS ?? 3_600) * 1000);
  return { rows, loadAverage: loadavg().map((l) => round(l)), cores: availableParallelism(), readerCsv, readerXlsx, fileRequest: platformRun };
}
