import { Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { ui, type Text } from '../i18n/text.ts';
import type { FieldSpec } from '../schema/fields.ts';
import { wordsFor } from '../i18n/enums.ts';
import { StatusTag, ToneTag } from './status-tag.tsx';

// How a value reads in a table cell or the detail view. Times are shown in the browser's time zone.

export const formatTime = (value: unknown): string => {
  if (typeof value !== 'string' || !value) return '';
  const parsed = dayjs(value);
  return parsed.isValid() && /^\d{4}-\d{2}-\d{2}T/.test(value) ? parsed.format('YYYY-MM-DD HH:mm:ss') : value;
};

/** Fields whose codes read as words even where no schema says they are an enum (records described by name). */
const CODE_FIELDS = /^(status|outcome|channel|provider|kind|action|role|queue|rule|platform|pushType|smsType|delivery|codeFormat|change|custType)$|Status$/;

/** A code in words (the dictionary), with the code itself kept for search and as a tooltip. */
export const codeText = (name: string, value: string, t: (text: Text) => string): string => {
  const words = wordsFor(name, value);
  return words ? t(words) : value;
};

export const renderValue = (field: Pick<FieldSpec, 'kind' | 'name'>, value: unknown, t: (text: Text) => string, compact = true): ReactNode => {
  if (value === undefined || value === null || value === '') return <span aria-label="-">-</span>;
  if (field.kind === 'boolean' || typeof value === 'boolean') return value ? <ToneTag tone="good">{t(ui.yes)}</ToneTag> : <ToneTag tone="neutral">{t(ui.no)}</ToneTag>;
  if (field.kind === 'dateTime') return formatTime(value);
  const coded = field.kind === 'enum' || field.kind === 'enumList' || CODE_FIELDS.test(field.name);
  if ((field.name === 'status' || field.name === 'outcome' || field.name.endsWith('Status')) && typeof value === 'string')
    return (
      <StatusTag status={value}>
        <span title={value}>{codeText(field.name, value, t)}</span>
      </StatusTag>
    );
  if (coded && typeof value === 'string') return <span title={value}>{codeText(field.name, value, t)}</span>;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => <Tag key={v}>{coded ? codeText(field.name, v, t) : v}</Tag>);
  if (typeof value === 'object') {
    const text = JSON.stringify(value, null, compact ? 0 : 2);
    return compact ? <Typography.Text code>{text}</Typography.Text> : <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{text}</pre>;
  }
  return String(value);
};
