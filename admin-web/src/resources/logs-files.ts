import { tx } from '../i18n/text.ts';
import { recordResource } from './types.ts';

// 7 手动发送管理, 8 短信平台发送日志, 10 文件请求: columns named here (the fields the admin API's
// queries return; send log and reports: layers/contracts/delivery-reports.ts).

export const importRequests = recordResource('import-requests', {
  title: tx('导入请求', 'Import requests'),
  columns: ['createdAt', 'id', 'batchNo', 'status', 'requestNo', 'institution', 'bizType'],
  rowKey: (item) => String(item.id),
});

export const smsLogs = recordResource('sms-logs', {
  title: tx('短信发送记录', 'SMS send log'),
  columns: ['createdAt', 'requestNo', 'sendId', 'provider', 'sendTypeId', 'to', 'outcome', 'providerMessageId', 'latencyMs', 'error'],
  rowKey: (item) => String(item.id),
});

export const smsReports = recordResource('sms-reports', {
  title: tx('短信状态报告', 'SMS status reports'),
  columns: ['createdAt', 'requestNo', 'mobile', 'channel', 'source', 'receiveStatus', 'result', 'detail'],
  labels: { mobile: tx('发送用户', 'Recipient'), channel: tx('发送渠道', 'Channel'), receiveStatus: tx('接受状态', 'Receive status') },
  rowKey: (item) => String(item.id),
});

export const fileRequests = recordResource('file-requests', {
  title: tx('文件请求记录', 'File requests'),
  columns: ['createdAt', 'id', 'requestNo', 'institution', 'detailFilePath', 'status', 'totalRows', 'rowsAccepted', 'rowsRefused', 'rowsDelivered', 'rowsFailed'],
  labels: { status: tx('处理状态', 'Status') },
  rowKey: (item) => String(item.id),
});

export const fileDetails = recordResource('file-details', {
  title: tx('文件明细记录', 'File lines'),
  columns: ['createdAt', 'id', 'fileRequestId', 'rowNo', 'status', 'requestNo', 'errors'],
  labels: { status: tx('处理状态', 'Status') },
  rowKey: (item) => String(item.id),
});
