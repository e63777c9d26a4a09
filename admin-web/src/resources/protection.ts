import { interceptRecord, interceptedRequest } from '../../../layers/contracts/records.ts';
import { tx } from '../i18n/text.ts';
import { configResource, recordResource } from './types.ts';

// 9 发送拦截: the lists operators keep, filter strategies, and what was intercepted.

const listColumns = ['kind', 'value', 'bizType', 'reason', 'expiresAt', 'updatedBy'] as const;
const listLabels = { kind: tx('名单类型（用户ID/手机号/接受终端账号）', 'Kind (user id / mobile / device)'), value: tx('名单值', 'Value') };

export const blacklist = configResource('blacklist', { en: 'Blacklist', idFields: ['kind', 'value', 'bizType'], columns: listColumns, labels: listLabels });
export const whitelist = configResource('whitelist', { en: 'Whitelist', idFields: ['kind', 'value', 'bizType'], columns: listColumns, labels: listLabels });
export const emailDomain = configResource('emailDomain', { en: 'E-mail domain whitelist', idFields: ['domain'], columns: ['domain', 'remark', 'updatedBy'] });
export const filterStrategy = configResource('filterStrategy', {
  en: 'Filter strategies',
  idFields: ['id'],
  columns: ['id', 'name', 'enabled', 'dailyCap', 'hourlyCap', 'quietHours.start', 'quietHours.end'],
});
export const filterStrategyRel = configResource('filterStrategyRel', { en: 'Strategy links', idFields: ['id'], columns: ['id', 'strategyId', 'bizType'] });

export const interceptRecords = recordResource('intercept-records', {
  title: tx('拦截记录', 'Interception records'),
  schema: interceptRecord(),
  columns: ['createdAt', 'mobile', 'deviceNo', 'userId', 'email', 'channel', 'rule', 'reason', 'requestNo'],
  rowKey: (item) => String(item.id),
});

export const interceptedRequests = recordResource('intercepted-requests', {
  title: tx('拦截请求', 'Intercepted requests'),
  schema: interceptedRequest(),
  columns: ['createdAt', 'requestNo', 'institution', 'bizType', 'reason', 'recipientCount'],
  rowKey: (item) => `${String(item.institution)}#${String(item.requestNo)}`,
});
