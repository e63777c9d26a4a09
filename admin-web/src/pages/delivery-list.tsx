import { App, Button, Card, Form, Input, Select, Space, Table, type TableColumnsType } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { api, type Page } from '../api/client.ts';
import { explainError } from '../components/explain-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { tx, ui, type Text } from '../i18n/text.ts';

// A listing of the delivery-feedback admin routes (/api/admin/delivery/…): an exact-match search form,
// newest first, a cursor "more" button. Used by the suppression, inbound SMS and callback pages.

export type Row = Record<string, unknown>;

export interface ListFilter {
  name: string;
  label: Text;
  options?: readonly string[];
  placeholder?: string;
}

export interface DeliveryListProps {
  title: Text;
  path: string;
  filters: ListFilter[];
  /** The table's columns; a function when a row action must reload the list. */
  columns: TableColumnsType<Row> | ((reload: () => void) => TableColumnsType<Row>);
  rowKey: (row: Row) => string;
  extra?: (reload: () => void) => ReactNode;
}

const more = tx('加载更多', 'More');
const search = tx('查询', 'Search');

export const DeliveryList = ({ title, path, filters, columns, rowKey, extra }: DeliveryListProps) => {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Record<string, string | undefined>>();
  const [rows, setRows] = useState<Row[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(false);
  const load = useCallback(
    async (after?: string) => {
      setLoading(true);
      try {
        const query = Object.fromEntries(Object.entries(form.getFieldsValue()).filter(([, v]) => v !== undefined && v !== ''));
        const page = await api.get<Page<Row>>(path, { ...query, limit: 20, ...(after ? { cursor: after } : {}) });
        setRows((previous) => (after ? [...previous, ...page.items] : page.items));
        setCursor(page.cursor);
      } catch (error) {
        message.error(explainError(error, t), 6);
      } finally {
        setLoading(false);
      }
    },
    [form, message, path, t],
  );
  useEffect(() => void load(), [load]);
  const reload = () => void load();
  return (
    <Card title={t(title)} extra={extra?.(reload)}>
      <Form form={form} layout="inline" onFinish={reload} style={{ marginBottom: 16 }}>
        {filters.map((f) => (
          <Form.Item key={f.name} name={f.name} label={t(f.label)}>
            {f.options ? (
              <Select allowClear style={{ width: 160 }} options={f.options.map((o) => ({ value: o, label: o }))} />
            ) : (
              <Input allowClear placeholder={f.placeholder} style={{ width: 200 }} />
            )}
          </Form.Item>
        ))}
        <Space>
          <Button type="primary" htmlType="submit">
            {t(search)}
          </Button>
          <Button onClick={reload}>{t(ui.refresh)}</Button>
        </Space>
      </Form>
      <Table<Row> rowKey={rowKey} loading={loading} dataSource={rows} columns={typeof columns === 'function' ? columns(reload) : columns} pagination={false} size="small" scroll={{ x: true }} />
      {cursor && (
        <Button style={{ marginTop: 12 }} onClick={() => void load(cursor)}>
          {t(more)}
        </Button>
      )}
    </Card>
  );
};
