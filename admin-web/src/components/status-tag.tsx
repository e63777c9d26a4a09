import { Tag } from 'antd';
import type { ReactNode } from 'react';

// The one status → colour map of the admin centre: the same state reads in the same colour on every
// page (lists, details, dashboard). Dark text on a light tint, so every tag passes WCAG AA contrast
// (antd's preset tag colours do not).

export type Tone = 'good' | 'bad' | 'warn' | 'busy' | 'waiting' | 'neutral';

export const TONES: Record<Tone, { color: string; background: string; border: string; chart: string }> = {
  good: { color: '#135200', background: '#f6ffed', border: '#b7eb8f', chart: '#52c41a' },
  bad: { color: '#a8071a', background: '#fff1f0', border: '#ffa39e', chart: '#f5222d' },
  warn: { color: '#873800', background: '#fff7e6', border: '#ffd591', chart: '#fa8c16' },
  busy: { color: '#003eb3', background: '#e6f4ff', border: '#91caff', chart: '#1677ff' },
  waiting: { color: '#391085', background: '#f9f0ff', border: '#d3adf7', chart: '#722ed1' },
  neutral: { color: '#262626', background: '#fafafa', border: '#d9d9d9', chart: '#8c8c8c' },
};

export const STATUS_TONES: Record<string, Tone> = {
  SUCCESS: 'good',
  DELIVERED: 'good',
  VERIFIED: 'good',
  DONE: 'good',
  PASS: 'good',
  FAILED: 'bad',
  UNSENDABLE: 'bad',
  LOCKED: 'bad',
  UNPASS: 'bad',
  INTERCEPTED: 'warn',
  PARTIAL: 'warn',
  HELD: 'warn',
  PROCESSING: 'busy',
  SENDING: 'busy',
  PENDING: 'busy',
  INIT: 'waiting',
  UNSENT: 'waiting',
  CANCELLED: 'neutral',
  EXPIRED: 'neutral',
};

export const toneOf = (status: string): Tone => STATUS_TONES[status] ?? 'neutral';

export const ToneTag = ({ tone, children }: { tone: Tone; children: ReactNode }) => {
  const { color, background, border } = TONES[tone];
  return <Tag style={{ color, background, borderColor: border }}>{children}</Tag>;
};

export const StatusTag = ({ status, children }: { status: string; children?: ReactNode }) => (
  <ToneTag tone={toneOf(status)}>
    <span data-status={status}>{children ?? status}</span>
  </ToneTag>
);
