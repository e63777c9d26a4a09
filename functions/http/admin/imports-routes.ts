import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3 } from '#adapters/s3-client';
import { importRoutes } from '#contracts/admin-routes-imports';
import { allImportRows, queryImportJobs, queryImportRows } from '#adapters/dynamo/record-queries-imports';
import { s3ObjectUrls } from '#adapters/files/s3-objects';
import { reportWorkbook, templateWorkbook } from '#adapters/files/workbooks';
import type { AuditLog } from '#core/admin/ports';
import { cancelImport, confirmImport, createImport, showImport, validateImport } from '#core/files/import-actions';
import type { FileJobStore } from '#core/files/ports';
import type { QueuePublisher } from '#core/queue-port';
import { adminRouter } from '#runtime/admin-router';

// adminImports' handlers, one per row of importRoutes (layers/contracts/admin-routes-imports.ts).

export interface ImportRouteDeps {
  doc: DynamoDBDocumentClient;
  table: string;
  s3: S3;
  bucket: string;
  jobs: FileJobStore;
  audit: AuditLog;
  queue: QueuePublisher;
  queues: { read: string };
  now?: () => Date;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DOWNLOAD_SECONDS = 300;

export const importsRouter = (routeDeps: ImportRouteDeps) => {
  const now = routeDeps.now ?? (() => new Date());
  const urls = s3ObjectUrls(routeDeps.s3, routeDeps.bucket);
  const deps = { ...routeDeps, urls, now, newId: randomUUID };
  const { doc, table } = routeDeps;
  const saved = async (key: string, body: Buffer, fileName: string) => {
    await routeDeps.s3.put(routeDeps.bucket, key, body, XLSX);
    return { url: await urls.downloadUrl(key, fileName, DOWNLOAD_SECONDS) };
  };
  return adminRouter(importRoutes, {
    template: async () => saved('templates/import-template.xlsx', await templateWorkbook('IMPORT'), '导入模板-import-template.xlsx'),
    list: ({ query }) => queryImportJobs(doc, table, query, now()),
    create: ({ principal, body }) => createImport(deps, principal, body.fileName),
    show: ({ params }) => showImport(deps, params.batchNo),
    rows: ({ params, query }) => queryImportRows(doc, table, { ...query, batchNo: params.batchNo }, now()),
    validate: ({ principal, params }) => validateImport(deps, principal, params.batchNo),
    report: async ({ params }) => {
      await showImport(deps, params.batchNo);
      const rows = await allImportRows(doc, table, params.batchNo, now());
      return saved(`reports/${params.batchNo}.xlsx`, await reportWorkbook('IMPORT', rows), `校验报告-${params.batchNo}.xlsx`);
    },
    confirm: ({ principal, params }) => confirmImport(deps, principal, params.batchNo),
    cancel: ({ principal, params }) => cancelImport(deps, principal, params.batchNo),
  });
};
