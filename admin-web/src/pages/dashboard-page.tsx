import { Alert, Card, Col, Empty, Row, Statistic, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type Page } from '../api/client.ts';
import { formatTime } from '../components/field-value.tsx';
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
}

const COLOURS: Record<string, string> = {
  SUCCESS: '#52c41a',
  FAILED: '#ff4d4f',
  UNSENDABLE: '#a8071a',
  INTERCEPTED: '#faad14',
  CANCELLED: '#bfbfbf',
  PROCESSING: '#1677ff',
  SENDING: '#1677ff',
  INIT: '#69b1ff',
  UNSENT: '#69b1ff',
};
const colour = (status: string) => COLOURS[status] ?? '#8c8c8c';
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
  const requests = Object.entries(data?.requestsByStatus ?? {}).map(([status, value]) => ({ status, value }));
  const statuses = [...new Set(Object.values(data?.sendRecordsByChannel ?? {}).flatMap((counts) => Object.keys(counts)))];
  const channels = Object.entries(data?.sendRecordsByChannel ?? {}).map(([channel, counts]) => ({ channel, ...counts }));
  const dlqDepth = dlq.reduce((n, q) => n + q.depth, 0);
  return (
    <div data-testid="dashboard">
      {data?.truncated && <Alert type="warning" message={t(ui.truncated)} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col span={6}>
          <Card>
            <Statistic title={`${t(ui.today)} · ${t(tx('请求', 'Requests'))} (${data?.date ?? ''})`} value={sum(data?.requestsByStatus ?? {})} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={`${t(ui.today)} · ${t(tx('发送记录', 'Send records'))}`} value={sum(data?.sendRecordsByStatus ?? {})} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t(tx('今日失败', 'Failed today'))} value={(data?.sendRecordsByStatus.FAILED ?? 0) + (data?.sendRecordsByStatus.UNSENDABLE ?? 0)} valueStyle={{ color: '#cf1322' }} />
          </Card>
        </Col>
        <Col span={6}>
          <Card>
            <Statistic title={t(ui.dlqDepths)} value={dlqDepth} valueStyle={{ color: dlqDepth ? '#cf1322' : '#3f8600' }} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={8}>
          <Card title={t(ui.requestsByStatus)}>
            {requests.length ? (
              <ResponsiveContainer width="100%" height={260}>
                <PieChart>
                  <Pie data={requests} dataKey="value" nameKey="status" outerRadius={90} label isAnimationActive={false}>
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
        <Col span={16}>
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
                    <Bar key={status} dataKey={status} stackId="s" fill={colour(status)} isAnimationActive={false} />
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
        <Col span={10}>
          <Card title={t(ui.dlqDepths)}>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={dlq} layout="vertical" margin={{ left: 40 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="queue" width={110} />
                <Tooltip />
                <Bar dataKey="depth" fill="#ff7875" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </Card>
        </Col>
        <Col span={14}>
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
                render: (value: unknown) => (name === 'status' ? <Tag color="red">{String(value)}</Tag> : name.endsWith('At') ? formatTime(value) : String(value ?? '')),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
};
