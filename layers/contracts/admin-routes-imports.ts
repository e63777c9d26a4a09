import * as z from 'zod/mini';
import { adminRouteTable, READ_ERRORS, WRITE_ERRORS } from './admin-route.ts';
import { dateRange, pageOf, pageQuery } from './admin.ts';
import { lazily } from './primitives.ts';
import { fileJob, fileName, fileRow, fileRowStatus, uploadTicket } from './file-jobs.ts';

// adminImports' routes: /api/admin/imports/…, the Excel import (导入请求, SPEC §10). Operators and
// admins import; viewers look (handlers: functions/http/admin/imports-routes.ts). Every write is audited.

const batch = z.object({ batchNo: z.string().check(z.minLength(1), z.maxLength(40)) });
const download = z.object({ url: z.string().check(z.describe('presigned GET, saves as an .xlsx')) });
/** Built with the OpenAPI document (the admin functions answer with the stored job): it is the whole file job schema. */
const importView = lazily(() => z.omit(fileJob(), { message: true, bodyHash: true, etag: true }));

export const importRoutes = adminRouteTable({
  template: { method: 'GET', path: '/api/admin/imports/template', role: 'viewer', result: () => download, summary: '下载导入模板 (.xlsx, 中英文列名)', errors: READ_ERRORS },
  list: {
    method: 'GET', path: '/api/admin/imports', role: 'viewer', query: z.extend(pageQuery, dateRange.shape),
    result: () => pageOf(importView()), summary: '导入批次', errors: READ_ERRORS,
  },
  create: {
    method: 'POST', path: '/api/admin/imports', role: 'operator', body: z.object({ fileName: fileName() }),
    result: () => z.extend(uploadTicket(), { batchNo: z.string() }), summary: '新建导入：返回上传地址 (PUT the file there)', errors: WRITE_ERRORS,
  },
  show: { method: 'GET', path: '/api/admin/imports/{batchNo}', role: 'viewer', params: batch, result: importView, summary: '导入进度与结果', errors: READ_ERRORS },
  rows: {
    method: 'GET', path: '/api/admin/imports/{batchNo}/rows', role: 'viewer', params: batch,
    query: z.extend(pageQuery, { status: z.optional(fileRowStatus()) }), result: () => pageOf(fileRow()), summary: '导入行 (校验结果)', errors: READ_ERRORS,
  },
  validate: {
    method: 'POST', path: '/api/admin/imports/{batchNo}/validate', role: 'operator', params: batch,
    result: importView, summary: '上传完成，开始校验', errors: [...WRITE_ERRORS, 'INVALID_STATE'],
  },
  report: { method: 'POST', path: '/api/admin/imports/{batchNo}/report', role: 'viewer', params: batch, result: () => download, summary: '校验报告 (.xlsx)', errors: READ_ERRORS },
  confirm: {
    method: 'POST', path: '/api/admin/imports/{batchNo}/confirm', role: 'operator', params: batch,
    result: importView, summary: '确认发送 (again: answered with the import as it is, nothing sent twice)', errors: [...WRITE_ERRORS, 'INVALID_STATE'],
  },
  cancel: {
    method: 'POST', path: '/api/admin/imports/{batchNo}/cancel', role: 'operator', params: batch,
    result: importView, summary: '取消导入', errors: [...WRITE_ERRORS, 'INVALID_STATE'],
  },
});
