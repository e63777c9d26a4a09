import * as z from 'zod/mini';
import { auditEntry } from '../../../layers/contracts/admin.ts';
import { inboxMessage, messageRequest, outboxEntry, sendRecipient, sendRecord } from '../../../layers/contracts/records.ts';
import { tx } from '../i18n/text.ts';
import { recordResource } from './types.ts';

// 3 消息请求记录, 4 消息发送记录, 5 用户消息, the outbox and the audit log.

export const requests = recordResource('requests', {
  title: tx('消息请求记录', 'Message requests'),
  schema: messageRequest(),
  // Status and outcome early: they must show without scrolling at 1280 px. `outcome` is the delivery
  // outcome (SPEC §9) beside the processing status; blank on rows stored before it.
  columns: ['createdAt', 'requestNo', 'status', 'outcome', 'bizType', 'institution', 'pushType', 'recipientCount', 'dispatchConfigId'],
  rowKey: (item) => `${String(item.institution)}#${String(item.requestNo)}`,
});

export const requestUsers = recordResource('request-users', {
  title: tx('消息发送用户', 'Request recipients'),
  schema: z.pick(sendRecipient(), { index: true, userId: true, mobile: true, email: true, custNo: true, custType: true, custName: true, deviceNo: true, custTag: true }),
  columns: ['index', 'userId', 'mobile', 'email', 'custNo', 'custType', 'custName', 'deviceNo'],
  rowKey: (item) => String(item.index),
  dateRange: false,
});

export const sendRecords = recordResource('send-records', {
  title: tx('消息发送记录', 'Send records'),
  schema: z.omit(sendRecord(), { recipients: true }),
  columns: ['createdAt', 'requestNo', 'status', 'channel', 'sendTypeId', 'sendCount', 'institution', 'sendId', 'title'],
  rowKey: (item) => String(item.sendId),
});

export const sendRecordUsers = recordResource('send-record-users', {
  title: tx('消息发送用户', 'Send record recipients'),
  schema: sendRecipient(),
  columns: ['index', 'to', 'userId', 'mobile', 'email', 'deviceNo', 'status', 'error', 'sentAt'],
  rowKey: (item) => String(item.index),
  dateRange: false,
});

export const inbox = recordResource('inbox', {
  title: tx('用户消息', 'User inbox'),
  schema: inboxMessage(),
  columns: ['createdAt', 'userKey', 'title', 'content', 'bizType', 'requestNo', 'read'],
  rowKey: (item) => `${String(item.userKey)}#${String(item.messageId)}`,
});

export const outbox = recordResource('outbox', {
  title: tx('发件箱', 'Outbox'),
  schema: outboxEntry(),
  columns: ['sentAt', 'channel', 'to', 'title', 'content', 'requestNo', 'institution'],
  rowKey: (item) => String(item.id),
  path: '/api/admin/outbox',
  dateRange: false,
});

export const audit = recordResource('audit', {
  title: tx('审计日志', 'Audit log'),
  schema: auditEntry(),
  columns: ['at', 'user', 'role', 'entity', 'entityId', 'action'],
  rowKey: (item) => String(item.id),
});
