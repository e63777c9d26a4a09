import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { formatTime } from '../components/field-value.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { tx } from '../i18n/text.ts';
import { DeliveryList, type Row } from './delivery-list.tsx';

// 回调配置 and 回调投递 (docs/CALLBACKS.md): an institution's callback URL and signing secret (shown
// once when issued or rotated), and every batch posted with its attempts, status codes and last error.

export const callbacksTitle = tx('调用方回调', 'Caller callbacks');

interface Issued {
  institution: string;
  secret?: string;
}

const CallbackConfigs = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Row[]>([]);
  const [issued, setIssued] = useState<Issued>();
  const [editing, setEditing] = useState<Row | null>();
  const [form] = Form.useForm<{ institution: string; url: string; enabled: boolean }>();
  const load = useCallback(async () => {
    try {
      setRows((await api.get<Page<Row>>('/api/admin/delivery/callbacks')).items);
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  }, [message, t]);
  useEffect(() => void load(), [load]);
  const run = async (call: () => Promise<Issued>) => {
    try {
      const answer = await call();
      if (answer.secret) setIssued(answer);
      else message.success(t(tx('已保存', 'Saved')));
      setEditing(undefined);
      await load();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  const save = (values: { institution: string; url: string; enabled: boolean }) =>
    run(() => api.put<Issued>(`/api/admin/delivery/callbacks/${encodeURIComponent(values.institution)}`, { url: values.url, enabled: values.enabled }));
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {can('admin') && (
          <Button type="primary" onClick={() => (form.resetFields(), form.setFieldsValue({ enabled: true }), setEditing(null))}>
            {t(tx('设置回调地址', 'Set a callback URL'))}
          </Button>
        )}
      </Space>
      <Table<Row>
        rowKey={(row) => String(row.institution)}
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t(tx('系统标识', 'Institution')), dataIndex: 'institution' },
          { title: t(tx('回调地址', 'URL')), dataIndex: 'url' },
          { title: t(tx('启用', 'Enabled')), dataIndex: 'enabled', render: (v: boolean) => <Tag color={v ? 'green' : 'default'}>{v ? 'ON' : 'OFF'}</Tag> },
          { title: t(tx('密钥前缀', 'Secret prefix')), dataIndex: 'secretPrefix', render: (v: string) => <Typography.Text code>{v}…</Typography.Text> },
          { title: t(tx('修改时间', 'Updated')), dataIndex: 'updatedAt', render: formatTime },
          {
            title: t(tx('操作', 'Actions')),
            key: 'actions',
            render: (_v, row) =>
              can('admin') ? (
                <Space>
                  <a onClick={() => (form.setFieldsValue(row as never), setEditing(row))}>{t(tx('修改', 'Edit'))}</a>
                  <Popconfirm title={t(tx('旧密钥立即失效，确定更换吗？', 'The old secret stops at once. Rotate?'))} onConfirm={() => run(() => api.post<Issued>(`/api/admin/delivery/callbacks/${encodeURIComponent(String(row.institution))}/rotate`))}>
                    <a>{t(tx('更换密钥', 'Rotate secret'))}</a>
                  </Popconfirm>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal open={editing !== undefined} title={t(tx('回调地址', 'Callback URL'))} onCancel={() => setEditing(undefined)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} name="callback-settings" layout="vertical" onFinish={save}>
          <Form.Item name="institution" label={t(tx('系统标识', 'Institution'))} rules={[{ required: true }]}>
            <Input disabled={Boolean(editing)} />
          </Form.Item>
          <Form.Item name="url" label={t(tx('回调地址', 'URL'))} rules={[{ required: true }]}>
            <Input placeholder="https://example.com/hooks/hcmsg" />
          </Form.Item>
          <Form.Item name="enabled" label={t(tx('启用', 'Enabled'))} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={issued !== undefined} title={t(tx('签名密钥（仅显示这一次）', 'Signing secret (shown only this once)'))} onCancel={() => setIssued(undefined)} onOk={() => setIssued(undefined)}>
        <Alert type="warning" showIcon message={t(tx('请立即保存：关闭后无法再次查看。', 'Store it now: it cannot be shown again.'))} style={{ marginBottom: 12 }} />
        <Typography.Paragraph copyable code>
          {issued?.secret}
        </Typography.Paragraph>
      </Modal>
    </>
  );
};

export const CallbacksPage = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const replay = async (row: Row, reload: () => void) => {
    try {
      await api.post(`/api/admin/delivery/callback-deliveries/${encodeURIComponent(String(row.id))}/replay`);
      message.success(t(tx('已重新排队投递', 'Queued again')));
      reload();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <CallbackConfigs />
      <DeliveryList
        title={tx('回调投递记录', 'Callback deliveries')}
        path="/api/admin/delivery/callback-deliveries"
        rowKey={(row) => String(row.id)}
        filters={[
          { name: 'institution', label: tx('系统标识', 'Institution') },
          { name: 'status', label: tx('状态', 'Status'), options: ['PENDING', 'DELIVERED', 'DEAD'] },
        ]}
        columns={(reload) => [
          { title: t(tx('创建时间', 'Created')), dataIndex: 'createdAt', render: formatTime },
          { title: t(tx('请求编号', 'Request no.')), dataIndex: 'requestNo' },
          { title: t(tx('结果', 'Outcome')), dataIndex: 'outcome' },
          { title: t(tx('用户数', 'Recipients')), dataIndex: 'recipientCount' },
          { title: t(tx('状态', 'Status')), dataIndex: 'status', render: (v: string) => <Tag color={v === 'DELIVERED' ? 'green' : v === 'DEAD' ? 'red' : 'blue'}>{v}</Tag> },
          { title: t(tx('尝试次数', 'Attempts')), dataIndex: 'attempts' },
          { title: t(tx('状态码', 'Status codes')), key: 'codes', render: (_v, row) => ((row.history as { statusCode?: number }[] | undefined) ?? []).map((h) => h.statusCode ?? '—').join(' → ') },
          { title: t(tx('最后错误', 'Last error')), dataIndex: 'lastError', ellipsis: true },
          {
            title: t(tx('操作', 'Actions')),
            key: 'actions',
            render: (_v, row) =>
              can('operator') && row.status !== 'PENDING' ? (
                <Popconfirm title={t(tx('重新投递这一批？', 'Post this batch again?'))} onConfirm={() => replay(row, reload)}>
                  <a>{t(tx('重新投递', 'Replay'))}</a>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Space>
  );
};
