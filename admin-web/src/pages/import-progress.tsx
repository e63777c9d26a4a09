import { App, Button, Card, Descriptions, Popconfirm, Progress, Space, Table, Tag } from 'antd';
import { CheckOutlined, CloseOutlined, DownloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import type { FileJob, FileRow } from '../../../layers/contracts/file-jobs.ts';
import { api, type Page } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { formatTime } from '../components/field-value.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { tx } from '../i18n/text.ts';

// One import: its progress (rows read, valid, accepted, delivered), the rows that failed a check
// with the row and column named, the report, and confirm / cancel for operators.

export type ImportView = Omit<FileJob, 'message' | 'bodyHash' | 'etag'>;

const text = {
  status: tx('状态', 'Status'),
  file: tx('文件', 'File'),
  read: tx('已读取', 'Rows read'),
  valid: tx('有效', 'Valid'),
  accepted: tx('已受理', 'Accepted'),
  delivered: tx('已送达', 'Delivered'),
  errors: tx('行错误', 'Row errors'),
  row: tx('行号', 'Row'),
  column: tx('列', 'Column'),
  message: tx('说明', 'Message'),
  report: tx('下载校验报告', 'Download report'),
  confirm: tx('确认发送', 'Confirm and send'),
  confirmAsk: tx('有效行将作为消息请求发送，确定吗？', 'Valid rows will be sent as message requests. Continue?'),
  cancel: tx('取消导入', 'Cancel import'),
  outcome: tx('结果', 'Outcome'),
  fileError: tx('文件错误', 'File error'),
};

const STATUS_COLOR: Record<string, string> = { COMPLETED: 'green', PARTIAL: 'orange', FAILED: 'red', CANCELLED: 'default', VALIDATED: 'blue' };
const RUNNING = new Set(['UPLOADING', 'VALIDATING', 'SENDING']);

interface ErrorLine {
  key: string;
  rowNo: number;
  status: string;
  column: string;
  message: string;
}

const percent = (n: number, total: number | undefined) => (total ? Math.floor((100 * n) / total) : 0);

export const ImportProgress = ({ batchNo, onChange }: { batchNo: string; onChange: () => void }) => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [job, setJob] = useState<ImportView>();
  const [errors, setErrors] = useState<ErrorLine[]>([]);
  const base = `/api/admin/imports/${batchNo}`;
  const load = useCallback(async () => {
    const next = await api.get<ImportView>(base);
    setJob(next);
    const pages = await Promise.all(['INVALID', 'REFUSED', 'FAILED'].map((status) => api.get<Page<FileRow>>(`${base}/rows`, { status, limit: 100 })));
    setErrors(
      pages
        .flatMap((p) => p.items)
        .sort((a, b) => a.rowNo - b.rowNo)
        .flatMap((row) => (row.errors ?? []).map((e, i) => ({ key: `${row.rowNo}-${i}`, rowNo: row.rowNo, status: row.status, column: e.column, message: e.message }))),
    );
    return next;
  }, [base]);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const next = await load();
        if (!stopped && RUNNING.has(next.status)) timer = setTimeout(() => void tick(), 1_500);
      } catch (error) {
        message.error(explainError(error, t));
      }
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [load, message, t, job?.status === 'SENDING']);
  const act = async (path: string) => {
    try {
      await api.post(`${base}/${path}`);
      await load();
      onChange();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  const download = async () => {
    try {
      const { url } = await api.post<{ url: string }>(`${base}/report`);
      const link = document.createElement('a');
      link.href = url;
      link.download = `report-${batchNo}.xlsx`;
      link.click();
    } catch (error) {
      message.error(explainError(error, t));
    }
  };
  if (!job) return <Card loading />;
  const total = job.totalRows;
  return (
    <Card
      data-testid="import-progress"
      title={`${batchNo} · ${job.fileName}`}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={() => void download()} disabled={RUNNING.has(job.status)} data-testid="import-report">
            {t(text.report)}
          </Button>
          {can('operator') && job.status === 'VALIDATED' && (
            <Popconfirm title={t(text.confirmAsk)} onConfirm={() => act('confirm')}>
              <Button type="primary" icon={<CheckOutlined />} data-testid="import-confirm">
                {t(text.confirm)}
              </Button>
            </Popconfirm>
          )}
          {can('operator') && ['UPLOADING', 'VALIDATING', 'VALIDATED'].includes(job.status) && (
            <Button icon={<CloseOutlined />} onClick={() => void act('cancel')}>
              {t(text.cancel)}
            </Button>
          )}
        </Space>
      }
    >
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t(text.status)}>
          <Tag color={STATUS_COLOR[job.status] ?? 'processing'} data-testid="import-status">
            {job.status}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t(text.outcome)}>{job.finishedAt ? formatTime(job.finishedAt) : '-'}</Descriptions.Item>
        <Descriptions.Item label={t(text.file)}>{total === undefined ? '-' : `${total}`}</Descriptions.Item>
        {job.error && <Descriptions.Item label={t(text.fileError)} span={3}><span data-testid="import-file-error">{job.error}</span></Descriptions.Item>}
      </Descriptions>
      {(
        [
          [text.read, job.rowsRead],
          [text.valid, job.rowsValid],
          [text.accepted, job.rowsAccepted],
          [text.delivered, job.rowsDelivered],
        ] as const
      ).map(([label, n]) => (
        <div key={label.en} style={{ display: 'flex', gap: 12, alignItems: 'center' }}>
          <span style={{ width: 90 }}>{t(label)}</span>
          <Progress percent={percent(n, total)} format={() => `${n}/${total ?? '?'}`} style={{ flex: 1, margin: 0 }} />
        </div>
      ))}
      {errors.length > 0 && (
        <Table<ErrorLine>
          data-testid="import-errors"
          title={() => `${t(text.errors)} (${errors.length})`}
          size="small"
          rowKey="key"
          dataSource={errors}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: t(text.row), dataIndex: 'rowNo', width: 80 },
            { title: t(text.status), dataIndex: 'status', width: 100 },
            { title: t(text.column), dataIndex: 'column', width: 120 },
            { title: t(text.message), dataIndex: 'message' },
          ]}
        />
      )}
    </Card>
  );
};
