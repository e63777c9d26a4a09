import { App, Button, Card, Form, Input, Modal, Progress, Table } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import type { ProviderStateView } from '../../../layers/contracts/admin-providers.ts';
import { api, type Page } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { formatTime } from '../components/field-value.tsx';
import { ToneTag } from '../components/status-tag.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { tx, ui } from '../i18n/text.ts';

// 服务商状态: each provider's breaker (closed, open, probing) and the last minute's error rate; an
// operator moves traffic off a provider or back, with a reason (switch log and audit log).

export const providersTitle = tx('服务商状态', 'Provider status');
const text = {
  phase: tx('熔断状态', 'Breaker'),
  errorRate: tx('近一分钟错误率', 'Error rate (last minute)'),
  calls: tx('调用/失败', 'Calls / faults'),
  since: tx('自', 'Since'),
  reason: tx('原因', 'Reason'),
  forcedBy: tx('手工操作人', 'Forced by'),
  open: tx('切出', 'Switch away'),
  close: tx('恢复', 'Switch back'),
  done: tx('已切换并记录', 'Switched and logged'),
  provider: tx('服务商', 'Provider'),
};
const PHASE_TONE = { CLOSED: 'good', OPEN: 'bad', HALF_OPEN: 'warn' } as const;
const PHASE_TEXT = { CLOSED: tx('正常', 'Closed'), OPEN: tx('已熔断', 'Open'), HALF_OPEN: tx('探测中', 'Probing') } as const;

export const ProvidersPage = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [rows, setRows] = useState<ProviderStateView[]>([]);
  const [loading, setLoading] = useState(false);
  const [switching, setSwitching] = useState<{ provider: string; state: 'OPEN' | 'CLOSED' }>();
  const [form] = Form.useForm<{ reason: string }>();
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRows((await api.get<Page<ProviderStateView>>('/api/admin/actions/providers')).items);
    } catch (error) {
      message.error(explainError(error, t));
    } finally {
      setLoading(false);
    }
  }, [message, t]);
  useEffect(() => void load(), [load]);
  const submit = async () => {
    if (!switching) return;
    const { reason } = await form.validateFields();
    try {
      await api.post(`/api/admin/actions/providers/${encodeURIComponent(switching.provider)}/switch`, { state: switching.state, reason });
      message.success(t(text.done));
      setSwitching(undefined);
      form.resetFields();
      await load();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  return (
    <Card title={t(providersTitle)} extra={<Button icon={<ReloadOutlined />} onClick={() => void load()}>{t(ui.refresh)}</Button>}>
      <Table<ProviderStateView>
        rowKey="provider"
        loading={loading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t(text.provider), dataIndex: 'provider', key: 'provider' },
          { title: t(text.phase), dataIndex: 'phase', key: 'phase', render: (p: ProviderStateView['phase']) => <ToneTag tone={PHASE_TONE[p]}>{t(PHASE_TEXT[p])}</ToneTag> },
          { title: t(text.errorRate), dataIndex: 'errorRate', key: 'rate', render: (r: number) => <Progress aria-label={t(text.errorRate)} percent={Math.round(r * 100)} size="small" status={r >= 0.5 ? 'exception' : 'normal'} /> },
          { title: t(text.calls), key: 'calls', render: (_v, row) => `${row.windowCalls} / ${row.windowErrors}` },
          { title: t(text.since), dataIndex: 'since', key: 'since', render: formatTime },
          { title: t(text.reason), dataIndex: 'reason', key: 'reason', ellipsis: true },
          { title: t(text.forcedBy), dataIndex: 'forcedBy', key: 'forcedBy' },
          {
            title: t(ui.actions),
            key: 'actions',
            render: (_v, row) =>
              can('operator') && (
                <a onClick={() => setSwitching({ provider: row.provider, state: row.phase === 'CLOSED' ? 'OPEN' : 'CLOSED' })}>{t(row.phase === 'CLOSED' ? text.open : text.close)}</a>
              ),
          },
        ]}
      />
      <Modal open={switching !== undefined} title={`${t(switching?.state === 'OPEN' ? text.open : text.close)} · ${switching?.provider ?? ''}`} onOk={() => void submit()} onCancel={() => setSwitching(undefined)}>
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t(text.reason)} rules={[{ required: true, max: 200 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
};
