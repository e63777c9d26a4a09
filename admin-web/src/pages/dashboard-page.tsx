import { Alert, Card, Col, Empty, Row, Statistic, Table } from 'antd';
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type Page } from '../api/client.ts';
import { codeText, formatTime } from '../components/field-value.tsx';
import { StatusTag, TONES, toneOf } from '../components/status-tag.tsx';
import { queueWords } from '../i18n/enums.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { tx, ui } from '../i18n/text.ts';
import { labelOf } from '../schema/labels.ts';
import type { Item } from '../resources/types.ts';

// 首页: today's requests and send records as charts (a glance beats a table), DLQ depths, and the
// latest failures as a table (those are read, not looked at).

interface Dashboard {
  date: string;
  requestsByStatus: Record<string, number>;
  sendRecordsByStatus: Record<string, number>;
  sendRecordsByChannel: Record<string, Record<string, number>>;
  recentFailures: Item[];
  truncated: boolean;
  /** The delivery outcome of today's requests (SPEC §9), when the API reports it. */
  requestsByOutcome?: Record<string, number>;
  /** Delivered ÷ finished requests today, 0–1. */
  deliveryRate?: number;
  failuresByReason?: Record<string, number>;
}

const colour = (status: string) => TONES[toneOf(status)].chart;
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export const dashboardTitle = tx('首页', 'Home');

export const DashboardPage = () => {
  const { t } = useI18n();
  const [data, setData] = useState<Dashboard>();
  const [dlq, setDlq] = useState<{ queue: string; depth: number }[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    api.get<Dashboard>('/api/admin/records/dashboard').then(setData, (e: Error) => setError(e.message));
    api.get<Page<{ queue: string; depth: number }>>('/api/admin/actions/dlq').then((page) => setDlq(page.items), () => setDlq([]));
  }, []);
  if (error) return <Alert type="error" message={error} />;
  const words = (status: string) => codeText('status', status, t);
  const requests = Object.entries(data?.requestsByStatus ?? {}).map(([status, value]) => ({ status, name: words(status), value }));
  const outcomes = Object.entries(data?.requestsByOutcome ?? {}).map(([status, value]) => ({ status, name: words(status), value }));
  const reasons = Object.entries(data?.failuresByReason ?? {}).map(([reason, count]) => ({ reason, count }));
  const statuses = [...new Set(Object.values(data?.sendRecordsByChannel ?? {}).flatMap((counts) => Object.keys(counts)))];
  const channels = Object.entries(data?.sendRecordsByChannel ?? {}).map(([channel, counts]) => ({ channel: codeText('channel', channel, t), ...counts }));
  const queues = dlq.map((q) => ({ ...q, label: queueWords(q.queue) ? t(queueWords(q.queue)!) : q.queue }));
  const wide = { xs: 24, md: 12, xl: 6 };
  const dlqDepth = dlq.reduce((n, q) => n + q.depth, 0);
  return (
    <div data-testid="dashboard">
      {data?.truncated && <Alert type="warning" message={t(ui.truncated)} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col {...wide}>
          <Card>
            <Statistic title={`${t(ui.today)} · ${t(tx('请求', 'Requests'))} (${data?.date ?? ''})`} value={sum(data?.requestsByStatus ?? {})} />
          </Card>
        </Col>
        <Col {...wide}>
          <Card>
            <Statistic title={`${t(ui.today)} · ${t(tx('发送记录', 'Send records'))}`} value={sum(data?.sendRecordsByStatus ?? {})} />
          </Card>
        </Col>
        <Col {...wide}>
          <Card>
            <Statistic title={t(tx('今日失败', 'Failed today'))} value={(data?.sendRecordsByStatus.FAILED ?? 0) + (data?.sendRecordsByStatus.UNSENDABLE ?? 0)} valueStyle={{ color: TONES.bad.color }} />
          </Card>
        </Col>
        <Col {...wide}>
          <Card>
            <Statistic title={t(ui.dlqDepths)} value={dlqDepth} valueStyle={{ color: dlqDepth ? TONES.bad.color : TONES.good.color }} />
          </Card>
        </Col>
      </Row>
      {(outcomes.length > 0 || data?.deliveryRate !== undefined || reasons.length > 0) && (
        <Row gutter={16} style={{ marginTop: 16 }} data-testid="outcomes">
          <Col xs={24} lg={6}>
            <Card>
              <Statistic title={t(tx('今日送达率', 'Delivered today'))} value={((data?.deliveryRate ?? 0) * 100).toFixed(1)} suffix="%" />
            </Card>
          </Col>
          <Col xs={24} lg={9}>
            <Card title={t(tx('今日投递结果', "Today's delivery outcomes"))}>
              {outcomes.length ? (
                <ResponsiveContainer width="100%" height={220}>
                  <PieChart>
                    <Pie data={outcomes} dataKey="value" nameKey="name" outerRadius={75} label isAnimationActive={false}>
                      {outcomes.map((r) => (
                        <Cell key={r.status} fill={colour(r.status)} />
                      ))}
                    </Pie>
                    <Tooltip />
                    <Legend />
                  </PieChart>
                </ResponsiveContainer>
              ) : (
                <Empty description={t(ui.noData)} />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={9}>
            <Card title={t(tx('失败原因', 'Failures by reason'))}>
              <Table size="small" rowKey="reason" pagination={false} dataSource={reasons} columns={[{ title: t(labelOf('reason')), dataIndex: 'reason', key: 'reason' }, { title: t(tx('次数', 'Count')), dataIndex: 'count', key: 'count' }]} />
            </Card>
          </Col>
        </Row>
      )}
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={8}>
          <Card title={t(ui.requestsByStatus)}>
            {requests.length ? (
              <ResponsiveContainer width="100%" height={260}>
                <PieChart>
                  <Pie data={requests} dataKey="value" nameKey="name" outerRadius={90} label isAnimationActive={false}>
                    {requests.map((r) => (
                      <Cell key={r.status} fill={colour(r.status)} />
                    ))}
                  </Pie>
                  <Tooltip />
                  <Legend />
                </PieChart>
              </ResponsiveContainer>
            ) : (
              <Empty description={t(ui.noData)} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={16}>
          <Card title={t(ui.sendsByChannel)}>
            {channels.length ? (
              <ResponsiveContainer width="100%" height={260}>
                <BarChart data={channels}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="channel" />
                  <YAxis allowDecimals={false} />
                  <Tooltip />
                  <Legend />
                  {statuses.map((status) => (
                    <Bar key={status} dataKey={status} name={words(status)} stackId="s" fill={colour(status)} isAnimationActive={false} />
                  ))}
                </BarChart>
              </ResponsiveContainer>
            ) : (
              <Empty description={t(ui.noData)} />
            )}
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col xs={24} lg={10}>
          <Card title={t(ui.dlqDepths)}>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={queues} layout="vertical" margin={{ left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="label" width={170} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Bar dataKey="depth" name={t(labelOf('depth'))} fill={TONES.bad.chart} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t(ui.recentFailures)}>
            <Table<Item>
              size="small"
              rowKey={(row) => String(row.sendId)}
              dataSource={data?.recentFailures ?? []}
              pagination={false}
              columns={['updatedAt', 'requestNo', 'channel', 'status', 'lastError'].map((name) => ({
                title: t(labelOf(name)),
                dataIndex: name,
                key: name,
                render: (value: unknown) =>
                  name === 'status' ? <StatusTag status={String(value)}>{words(String(value))}</StatusTag> : name === 'channel' ? codeText('channel', String(value), t) : name.endsWith('At') ? formatTime(value) : String(value ?? ''),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
};
