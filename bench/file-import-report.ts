import type { benchFileImport } from './file-import.ts';

type FileImport = Awaited<ReturnType<typeof benchFileImport>>;
type Run = FileImport['fileRequestCsv'];
type Reader = FileImport['readerCsv'];

const n = (x: number) => x.toLocaleString('en-US');
const loadOf = (l: number[]) => l.join(' / ');

const readerLine = (type: string, r: Reader) =>
  `  reader alone  .${type.padEnd(4)} ${String(Math.round(r.fileBytes / 1024)).padStart(6)} KB  ${n(r.rowsPerSecond).padStart(7)} rows/s  ` +
  `peak heap +${r.peakHeapGrowthMb} MB, rss +${r.peakRssGrowthMb} MB  (${r.segments} segments, load ${loadOf(r.loadBefore)})`;

const runLines = (type: string, rows: number, r: Run) => [
  `  file request  .${type.padEnd(4)} validated ${n(r.validatedPerSecond)} rows/s (all ${n(r.rowsValidated)} after ${r.secondsUntilValidated} s), ` +
    `accepted ${n(r.acceptedPerSecond)} rows/s after validation`,
  r.finished
    ? `                every row accepted ${r.secondsUntilEveryRowAccepted} s after submission (${n(r.rowsAccepted)} accepted, ${n(r.rowsRefused)} refused; ${r.status})`
    : `                NOT finished: ${n(r.rowsAccepted + r.rowsRefused)}/${n(rows)} accepted after ${r.afterSeconds} s (the part's limit)`,
  `                load average before ${loadOf(r.loadBefore)}, after ${loadOf(r.loadAfter)}`,
];

/** The import part of the bench as a person reads it. */
export const fileImportReport = (r: FileImport): string =>
  [
    `File import, ${n(r.rows)} rows, ${r.cores} cores (load average: 1 / 5 / 15 min):`,
    readerLine('csv', r.readerCsv),
    readerLine('xlsx', r.readerXlsx),
    ...runLines('csv', r.rows, r.fileRequestCsv),
    ...runLines('xlsx', r.rows, r.fileRequestXlsx),
    '  (accepted: stored and enqueued on its lane; delivery held in this part, see bench/file-import.ts)',
  ].join('\n');
