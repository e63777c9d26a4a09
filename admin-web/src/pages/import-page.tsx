import { App, Button, Card, Space, Table, Tag, Upload } from 'antd';
import { DownloadOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { formatTime } from '../components/field-value.tsx';
import { ResourceTable } from '../components/resource-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { tx, ui } from '../i18n/text.ts';
import { importRequests } from '../resources/logs-files.ts';
import { ImportProgress, type ImportView } from './import-progress.tsx';

// 导入请求 (SPEC §10): download the template, upload a filled one straight to S3 (presigned PUT), see
// each row checked by the API's rules, confirm or cancel; then the imported rows as requests.

const text = {
  template: tx('下载模板', 'Download template'),
  batches: tx('导入批次', 'Imports'),
  uploaded: tx('已上传，正在校验', 'Uploaded; checking rows'),
  batchNo: tx('批次号', 'Batch'),
  createdAt: tx('创建时间', 'Created'),
  createdBy: tx('操作人', 'By'),
};

const saveFrom = (url: string, name: string) => {
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
};

export const ImportPage = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [batches, setBatches] = useState<ImportView[]>([]);
  const [current, setCurrent] = useState<string>();
  const load = useCallback(async () => {
    try {
      setBatches((await api.get<Page<ImportView>>('/api/admin/imports', { limit: 20 })).items);
    } catch (error) {
      message.error(explainError(error, t));
    }
  }, [message, t]);
  useEffect(() => void load(), [load]);

  const template = async () => {
    try {
      saveFrom((await api.get<{ url: string }>('/api/admin/imports/template')).url, 'import-template.xlsx');
    } catch (error) {
      message.error(explainError(error, t));
    }
  };
  const upload = async (file: File) => {
    try {
      const ticket = await api.post<{ batchNo: string; uploadUrl: string }>('/api/admin/imports', { fileName: file.name });
      // Straight to S3: the file never passes through a Lambda.
      const put = await fetch(ticket.uploadUrl, { method: 'PUT', body: file });
      if (!put.ok) throw new Error(`S3 PUT ${put.status}`);
      await api.post(`/api/admin/imports/${ticket.batchNo}/validate`);
      message.success(t(text.uploaded));
      setCurrent(ticket.batchNo);
      await load();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={t(text.batches)}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} onClick={() => void template()} data-testid="import-template">
              {t(text.template)}
            </Button>
            {can('operator') && (
              <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(file) => (void upload(file), false)}>
                <Button type="primary" icon={<UploadOutlined />} data-testid="import-upload">
                  {t(ui.importData)}
                </Button>
              </Upload>
            )}
            <Button icon={<ReloadOutlined />} onClick={() => void load()}>
              {t(ui.refresh)}
            </Button>
          </Space>
        }
      >
        <Table<ImportView>
          size="small"
          rowKey="id"
          dataSource={batches}
          pagination={false}
          onRow={(row) => ({ onClick: () => setCurrent(row.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: t(text.batchNo), dataIndex: 'id', render: (id: string) => <a>{id}</a> },
            { title: 'File', dataIndex: 'fileName' },
            { title: 'Status', dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
            { title: 'Rows', dataIndex: 'totalRows' },
            { title: t(text.createdBy), dataIndex: 'createdBy' },
            { title: t(text.createdAt), dataIndex: 'createdAt', render: (v: string) => formatTime(v) },
          ]}
        />
      </Card>
      {current && <ImportProgress key={current} batchNo={current} onChange={() => void load()} />}
      <ResourceTable resource={importRequests} />
    </Space>
  );
};
