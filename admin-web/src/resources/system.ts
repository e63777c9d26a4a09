import { switchLog } from '../../../layers/contracts/admin.ts';
import { tx } from '../i18n/text.ts';
import { configResource, recordResource } from './types.ts';

// 6 系统管理: 字典 (a tree page uses this definition for its form), 渠道配置, 参数配置, 业务渠道切换记录.

export const dict = configResource('dict', { en: 'Dictionary', idFields: ['id'], columns: ['id', 'code', 'label', 'value', 'sort'] });

export const channel = configResource('channel', {
  en: 'Channels',
  idFields: ['channelNo'],
  columns: ['channelNo', 'name', 'channelTypeCode', 'enabled', 'remark'],
  labels: { channelTypeCode: tx('渠道类型名称', 'Channel type'), channelNo: tx('渠道号码', 'Channel number') },
});

export const parameter = configResource('parameter', {
  en: 'Parameters',
  idFields: ['code'],
  columns: ['code', 'name', 'value', 'remark'],
  labels: { code: tx('参数代码', 'Parameter code'), name: tx('参数名称', 'Parameter name'), value: tx('参数值', 'Value') },
});

export const switchLogs = recordResource('switch-logs', {
  title: tx('业务渠道切换记录', 'Channel switch log'),
  schema: switchLog(),
  columns: ['at', 'user', 'dispatchConfigId', 'bizType', 'dispatchMethodId', 'change', 'fromSendTypeId', 'toSendTypeId'],
  rowKey: (item) => String(item.id),
});
