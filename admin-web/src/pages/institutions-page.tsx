import { App, Button, Drawer, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { formatTime } from '../components/field-value.tsx';
import { ResourceTable } from '../components/resource-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import { labelOf } from '../schema/labels.ts';
import { institution } from '../resources/platform.ts';
import type { Item } from '../resources/types.ts';

// 系统标识 and their API keys: a key is shown once when issued (only its hash is stored), revoked at
// once, or rotated with an overlap so callers can switch without an outage.

const KeysDrawer = ({ code, onClose }: { code: string | undefined; onClose: () => void }) => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [keys, setKeys] = useState<Item[]>([]);
  const [issued, setIssued] = useState<string>();
  const [overlap, setOverlap] = useState(24);
  const base = `/api/admin/config/institution/${encodeURIComponent(code ?? '')}/keys`;
  const load = useCallback(async () => {
    if (code) setKeys((await api.get<Page<Item>>(base)).items);
  }, [base, code]);
  useEffect(() => {
    load().catch((error: unknown) => message.error(explainError(error, t)));
  }, [load, message, t]);
  const run = async (call: () => Promise<{ key?: string }>) => {
    try {
      const result = await call();
      if (result.key) setIssued(result.key);
      await load();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  const columns = ['prefix', 'createdAt', 'expiresAt', 'revokedAt'].map((name) => ({
    title: t(labelOf(name)),
    dataIndex: name,
    key: name,
    render: (value: unknown) => (name === 'prefix' ? <Typography.Text code>{String(value)}…</Typography.Text> : formatTime(value)),
  }));
  return (
    <Drawer open={code !== undefined} onClose={onClose} width={820} title={`${t(ui.keys)} · ${code ?? ''}`} destroyOnClose>
      {can('admin') && (
        <Space style={{ marginBottom: 16 }}>
          <Button type="primary" onClick={() => run(() => api.post(base))}>
            {t(ui.issueKey)}
          </Button>
          <span>{t(ui.overlapHours)}</span>
          <InputNumber min={0} max={720} value={overlap} onChange={(v) => setOverlap(v ?? 24)} />
        </Space>
      )}
      <Table<Item>
        rowKey={(row) => String(row.keyHash)}
        size="small"
        dataSource={keys}
        pagination={false}
        columns={[
          ...columns,
          {
            title: t(ui.status),
            key: 'state',
            render: (_v, row) => (row.revokedAt ? <Tag color="red">{t(ui.revoke)}</Tag> : row.expiresAt ? <Tag color="gold">{formatTime(row.expiresAt)}</Tag> : <Tag color="green">OK</Tag>),
          },
          {
            title: t(ui.actions),
            key: 'actions',
            render: (_v, row) =>
              can('admin') && !row.revokedAt ? (
                <Space>
                  <Popconfirm title={t(ui.confirmRevoke)} onConfirm={() => run(() => api.post(`${base}/${String(row.keyHash)}/revoke`))}>
                    <a>{t(ui.revoke)}</a>
                  </Popconfirm>
                  <a onClick={() => run(() => api.post(`${base}/${String(row.keyHash)}/rotate`, { overlapHours: overlap }))}>{t(ui.rotate)}</a>
                </Space>
              ) : null,
          },
        ]}
      />
      <Modal open={issued !== undefined} onCancel={() => setIssued(undefined)} onOk={() => setIssued(undefined)} title={t(ui.issueKey)} closable>
        <Typography.Paragraph type="warning">{t(ui.keyShownOnce)}</Typography.Paragraph>
        <Typography.Paragraph code copyable data-testid="issued-key">
          {issued}
        </Typography.Paragraph>
      </Modal>
    </Drawer>
  );
};

export const InstitutionsPage = () => {
  const { t } = useI18n();
  const [code, setCode] = useState<string>();
  return (
    <>
      <ResourceTable
        resource={institution}
        rowActions={(item) => [
          <a key="keys" onClick={() => setCode(String(item.code))}>
            {t(ui.keys)}
          </a>,
        ]}
      />
      <KeysDrawer code={code} onClose={() => setCode(undefined)} />
    </>
  );
};
