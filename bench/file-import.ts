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
import type { Manifest } from '../infra/manifest/types.ts';
import { round } from './stats.ts';

// 100,000 rows (SPEC §10): (1) the reader alone — the real S3 source and readFile use case, chunks
// counted instead of queued — for its rows per second and peak memory, as .csv and as .xlsx; (2) the
// whole file request through the running platform, as .csv and as .xlsx: rows per second validated
// and accepted, and the time until every row was accepted. Accepted means stored and enqueued on its
// lane; the platform here runs intake without delivery (acceptOnly), because on two shared cores the
// senders of 100,000 recipients would take the CPU intake needs, where in AWS each function scales on
// its own. Delivery is the pipeline part's subject.

const KEY = 'demo-outplatform-key';

/** The functions of a file request up to acceptance; every other function keeps only its HTTP routes. */
const INTAKE_OF_FILES = new Set(['fileUploadUrl', 'sendFileMessage', 'getFileRequest', 'readFile', 'processFileRows']);

/** The manifest with delivery held: accepted requests wait on their lanes, nothing sends or checks delivery. */
export const acceptOnly = (manifest: Manifest): Manifest => ({
  ...manifest,
  functions: Object.fromEntries(
    Object.entries(manifest.functions).map(([name, spec]) => [name, INTAKE_OF_FILES.has(name) ? spec : { ...spec, triggers: spec.triggers.filter((t) => t.type === 'http') }]),
  ),
});

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
  const deps = { jobs, source: s3FileSource(platform.s3.objects, bucket), config, queue, queues: { read: 'read', rows: 'rows', progress: 'progress' }, now: () => new Date() };
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

const load = () => loadavg().map((l) => round(l));

/** The file request through the platform, from its submission until every row is accepted (or the deadline). */
const throughPlatform = async (platform: LocalPlatform, type: 'csv' | 'xlsx', body: Buffer, rows: number, log: (line: string) => void, maxSeconds: number) => {
  const loadBefore = load();
  const ticket = await api(platform, 'POST', '/api/hcmsg/files/upload-url', { fileName: `bench.${type}` });
  await fetch(String(ticket.uploadUrl), { method: 'PUT', body });
  const submittedAt = performance.now();
  const submitted = await api(platform, 'POST', '/api/hcmsg/sendFileMessage', {
    requestNo: `BENCH${Date.now()}`, institution: 'OUTPLATFORM', bizType: 'MARKET_ACTIVITY', bizId: 'BENCH', pushType: 'MULTI_ACCOUNT', bizContent: '{}', useTmpl: 'N',
    msgTitle: '压测', msgContent: '文件请求压测', requestTime: '2026-01-01 10:00:00', requestIp: '10.0.0.1', fileId: ticket.fileId,
  });
  const id = String(submitted.fileRequestId);
  let validatedAt: number | undefined;
  let lastLogged = 0;
  for (;;) {
    const job = await api(platform, 'GET', `/api/hcmsg/files/${id}?limit=1`);
    const [valid = 0, invalid = 0, accepted = 0, refused = 0] = ['rowsValid', 'rowsInvalid', 'rowsAccepted', 'rowsRefused'].map((k) => Number(job[k] ?? 0));
    const now = performance.now();
    const seconds = (now - submittedAt) / 1000;
    if (validatedAt === undefined && valid + invalid >= rows) validatedAt = now;
    const done = accepted + refused >= rows || job.status === 'FAILED';
    const late = seconds > maxSeconds;
    if (done || late || now - lastLogged > 30_000) {
      log(`    ${round(seconds)}s ${job.status}: validated ${valid + invalid}/${rows}, accepted ${accepted + refused}/${rows}`);
      lastLogged = now;
    }
    if (done || late) {
      const validateSeconds = ((validatedAt ?? now) - submittedAt) / 1000;
      const acceptSeconds = validatedAt ? (now - validatedAt) / 1000 : 0;
      return {
        status: String(job.status),
        // A machine too busy to finish in the time given: the rates so far, and that it did not finish.
        finished: done,
        rowsValidated: valid + invalid,
        rowsAccepted: accepted,
        rowsRefused: refused,
        validatedPerSecond: Math.round((valid + invalid) / validateSeconds),
        acceptedPerSecond: acceptSeconds > 0 ? Math.round((accepted + refused) / acceptSeconds) : 0,
        secondsUntilValidated: round(validateSeconds),
        secondsUntilEveryRowAccepted: done ? round(seconds) : undefined,
        afterSeconds: round(seconds),
        loadBefore,
        loadAfter: load(),
      };
    }
    await new Promise((r) => setTimeout(r, 1_000));
  }
};

/** Both parts for .csv and .xlsx; `maxSeconds` bounds each file request, so the part ends on a busy machine too. */
export async function benchFileImport(platform: LocalPlatform, log: (line: string) => void, rows = 100_000, maxSeconds = 360) {
  const csv = csvOf(rows);
  const xlsx = await xlsxOf(rows);
  log(`  reader alone, ${rows} rows as .csv…`);
  const readerCsv = { loadBefore: load(), ...(await readerAlone(platform, 'csv', csv, rows)) };
  log(`  reader alone, ${rows} rows as .xlsx…`);
  const readerXlsx = { loadBefore: load(), ...(await readerAlone(platform, 'xlsx', xlsx, rows)) };
  log(`  file request of ${rows} rows as .csv through the platform (delivery held)…`);
  const fileRequestCsv = await throughPlatform(platform, 'csv', csv, rows, log, maxSeconds);
  log(`  file request of ${rows} rows as .xlsx through the platform (delivery held)…`);
  const fileRequestXlsx = await throughPlatform(platform, 'xlsx', xlsx, rows, log, maxSeconds);
  return { rows, cores: availableParallelism(), readerCsv, readerXlsx, fileRequestCsv, fileRequestXlsx };
}
