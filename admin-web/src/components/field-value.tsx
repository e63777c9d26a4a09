import { Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { ui, type Text } from '../i18n/text.ts';
import type { FieldSpec } from '../schema/fields.ts';

// How a value reads in a table cell or the detail view. Times are shown in the browser's time zone.

export const formatTime = (value: unknown): string => {
  if (typeof value !== 'string' || !value) return '';
  const parsed = dayjs(value);
  return parsed.isValid() && /^\d{4}-\d{2}-\d{2}T/.test(value) ? parsed.format('YYYY-MM-DD HH:mm:ss') : value;
};

const STATUS_COLOURS: Record<string, string> = {
  SUCCESS: 'success',
  VERIFIED: 'success',
  DONE: 'success',
  FAILED: 'error',
  UNSENDABLE: 'error',
  LOCKED: 'error',
  INTERCEPTED: 'warning',
  CANCELLED: 'default',
  EXPIRED: 'default',
  PROCESSING: 'processing',
  SENDING: 'processing',
  INIT: 'blue',
  UNSENT: 'blue',
  HELD: 'gold',
};

export const renderValue = (field: Pick<FieldSpec, 'kind' | 'name'>, value: unknown, t: (text: Text) => string, compact = true): ReactNode => {
  if (value === undefined || value === null || value === '') return <Typography.Text type="secondary">-</Typography.Text>;
  if (field.kind === 'boolean' || typeof value === 'boolean') return value ? <Tag color="green">{t(ui.yes)}</Tag> : <Tag>{t(ui.no)}</Tag>;
  if (field.kind === 'dateTime') return formatTime(value);
  if ((field.name === 'status' || field.name.endsWith('Status')) && typeof value === 'string') return <Tag color={STATUS_COLOURS[value] ?? 'default'}>{value}</Tag>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => <Tag key={v}>{v}</Tag>);
  if (typeof value === 'object') {
    const text = JSON.stringify(value, null, compact ? 0 : 2);
    return compact ? <Typography.Text code>{text}</Typography.Text> : <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{text}</pre>;
  }
  return String(value);
};
