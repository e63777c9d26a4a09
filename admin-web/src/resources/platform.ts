import { tx } from '../i18n/text.ts';
import { configResource } from './types.ts';

// 1 消息平台设置, plus 系统标识 (institutions) and 设备类型.

export const institution = configResource('institution', { en: 'Institutions', idFields: ['code'], columns: ['code', 'name', 'enabled', 'remark'], labels: { code: tx('系统标识', 'Institution code') } });

export const bizType = configResource('bizType', {
  en: 'Business types',
  idFields: ['code'],
  columns: ['code', 'name', 'enabled', 'priority', 'greenLane', 'smsType', 'critical'],
  labels: { code: tx('业务类型编码', 'Business type code'), name: tx('业务类型名称', 'Business type name') },
});

export const channelType = configResource('channelType', {
  en: 'Channel types',
  idFields: ['code'],
  columns: ['code', 'name', 'enabled', 'remark'],
  labels: { code: tx('渠道类型编码', 'Channel type code'), name: tx('渠道类型名称', 'Channel type name') },
});

export const channelMapping = configResource('channelMapping', { en: 'Channel mappings', idFields: ['id'], columns: ['id', 'channelTypeCode', 'channelNo', 'remark'] });

export const template = configResource('template', { en: 'Message templates', idFields: ['id'], columns: ['id', 'name', 'title', 'content'], labels: { name: tx('模板名称', 'Template name') } });

export const sendType = configResource('sendType', { en: 'Send types', idFields: ['id'], columns: ['id', 'name', 'channel', 'provider', 'enabled'] });

export const dispatchConfig = configResource('dispatchConfig', {
  en: 'Dispatch configurations',
  idFields: ['id'],
  columns: ['id', 'name', 'enabled', 'priority', 'match.institution', 'match.bizType', 'match.sendType', 'sendLimit'],
  labels: { dispatchConfigId: tx('消息派发配置', 'Dispatch configuration') },
});

export const dispatchMethod = configResource('dispatchMethod', {
  en: 'Dispatch methods',
  zh: '消息派发方式',
  idFields: ['id'],
  columns: ['id', 'sendTypeId', 'templateId', 'deviceTypeCode', 'custTypes', 'greenLane', 'enabled'],
});

export const deviceType = configResource('deviceType', { en: 'Device types', idFields: ['code'], columns: ['code', 'name', 'platform'] });
