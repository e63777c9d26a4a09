import { App, Button, Card, Drawer, Popconfirm, Space, Table, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState } from 'react';
import { api, type Page } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { formatTime } from '../components/field-value.tsx';
import { ToneTag } from '../components/status-tag.tsx';
import { queueWords } from '../i18n/enums.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { tx, ui } from '../i18n/text.ts';
import { labelOf } from '../schema/labels.ts';

// 死信队列: what SQS gave up on after maxReceiveCount. Peek shows the bodies (ids only); replay moves
// messages back to their queue, where the consumers' conditional writes make a replay harmless.

interface DlqView {
  queue: string;
  depth: number;
  inFlight: number;
}
interface DlqMessage {
  messageId: string;
  body: string;
  receiveCount?: number;
  sentAt?: string;
}

/** A queue by its purpose, its name beside it for whoever reads the logs. */
const QueueName = ({ queue }: { queue: string }) => {
  const { t } = useI18n();
  const words = queueWords(queue);
  return words ? (
    <span>
      {t(words)} <code>{queue}</code>
    </span>
  ) : (
    <code>{queue}</code>
  );
};

export const dlqTitle = tx('死信队列', 'Dead-letter queues');

export const DlqPage = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [queues, setQueues] = useState<DlqView[]>([]);
  const [loading, setLoading] = useState(false);
  const [peek, setPeek] = useState<{ queue: string; messages: DlqMessage[] }>();
  const load = useCallback(async () => {
    setLoading(true);
    try {
      setQueues((await api.get<Page<DlqView>>('/api/admin/actions/dlq')).items);
    } catch (error) {
      message.error(explainError(error, t));
    } finally {
      setLoading(false);
    }
  }, [message, t]);
  useEffect(() => void load(), [load]);
  const base = (queue: string) => `/api/admin/actions/dlq/${encodeURIComponent(queue)}`;
  const run = async (call: () => Promise<unknown>, done?: string) => {
    try {
      await call();
      if (done) message.success(done);
      await load();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  return (
    <Card
      title={t(dlqTitle)}
      extra={
        <Button icon={<ReloadOutlined />} onClick={() => void load()}>
          {t(ui.refresh)}
        </Button>
      }
    >
      <Table<DlqView>
        rowKey="queue"
        loading={loading}
        dataSource={queues}
        pagination={false}
        columns={[
          { title: t(labelOf('queue')), dataIndex: 'queue', key: 'queue', render: (queue: string) => <QueueName queue={queue} /> },
          { title: t(labelOf('depth')), dataIndex: 'depth', key: 'depth', render: (n: number) => <ToneTag tone={n > 0 ? 'bad' : 'good'}>{n}</ToneTag> },
          { title: t(labelOf('inFlight')), dataIndex: 'inFlight', key: 'inFlight' },
          {
            title: t(ui.actions),
            key: 'actions',
            render: (_v, row) => (
              <Space>
                <a onClick={() => run(async () => setPeek({ queue: row.queue, messages: (await api.get<Page<DlqMessage>>(`${base(row.queue)}/messages`)).items }))}>{t(ui.peek)}</a>
                {can('operator') && row.depth > 0 && (
                  <Popconfirm title={`${t(ui.replay)} ${row.queue}?`} onConfirm={() => run(() => api.post(`${base(row.queue)}/replay`, { max: 100 }), t(ui.replayDone))}>
                    <a>{t(ui.replay)}</a>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Drawer open={peek !== undefined} onClose={() => setPeek(undefined)} width={720} title={`${t(ui.peek)} · ${peek?.queue ?? ''}`}>
        <Table<DlqMessage>
          rowKey="messageId"
          size="small"
          dataSource={peek?.messages ?? []}
          pagination={false}
          columns={[
            { title: 'messageId', dataIndex: 'messageId', key: 'id', ellipsis: true },
            { title: t(ui.messages), dataIndex: 'body', key: 'body', render: (body: string) => <Typography.Text code>{body}</Typography.Text> },
            { title: 'receiveCount', dataIndex: 'receiveCount', key: 'rc' },
            { title: t(labelOf('sentAt')), dataIndex: 'sentAt', key: 'sentAt', render: formatTime },
          ]}
        />
      </Drawer>
    </Card>
  );
};
