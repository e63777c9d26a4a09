import { App, Popconfirm } from 'antd';
import { api } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { formatTime } from '../components/field-value.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { tx } from '../i18n/text.ts';
import { DeliveryList, type Row } from './delivery-list.tsx';

// 抑制名单 under 发送拦截: addresses providers reported dead (hard bounce, complaint, disabled push
// endpoint). The split skips them (SUPPRESSED); an operator lifts one when it works again (audited).

export const suppressionsTitle = tx('抑制名单', 'Suppressions');

export const SuppressionsPage = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const lift = async (row: Row, reload: () => void) => {
    try {
      await api.post('/api/admin/delivery/suppressions/lift', { channel: row.channel, address: row.address });
      message.success(t(tx('已解除抑制', 'Suppression lifted')));
      reload();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  return (
    <DeliveryList
      title={suppressionsTitle}
      path="/api/admin/delivery/suppressions"
      rowKey={(row) => `${String(row.channel)}#${String(row.address)}`}
      filters={[
        { name: 'channel', label: tx('渠道', 'Channel'), options: ['EMAIL', 'PUSH'] },
        { name: 'address', label: tx('地址', 'Address'), placeholder: 'a@b.com / deviceNo' },
      ]}
      columns={(reload) => [
        { title: t(tx('抑制时间', 'Since')), dataIndex: 'at', render: formatTime },
        { title: t(tx('渠道', 'Channel')), dataIndex: 'channel' },
        { title: t(tx('地址', 'Address')), dataIndex: 'address' },
        { title: t(tx('原因', 'Reason')), dataIndex: 'reason' },
        { title: t(tx('来源', 'Source')), dataIndex: 'source' },
        {
          title: t(tx('操作', 'Actions')),
          key: 'actions',
          render: (_v, row) =>
            can('operator') ? (
              <Popconfirm title={t(tx('解除后将恢复向该地址发送，确定吗？', 'Lift: messages go to this address again?'))} onConfirm={() => lift(row, reload)}>
                <a>{t(tx('解除抑制', 'Lift'))}</a>
              </Popconfirm>
            ) : null,
        },
      ]}
    />
  );
};
