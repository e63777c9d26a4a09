import { Tag } from 'antd';
import { formatTime } from '../components/field-value.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { tx } from '../i18n/text.ts';
import { DeliveryList } from './delivery-list.tsx';

// 上行短信 under 短信平台发送日志: texts customers sent to the platform's numbers (gateway and AWS
// two-way SMS). An unsubscribe keyword (parameter UNSUBSCRIBE_KEYWORDS) blacklisted the mobile for
// the business types listed; nothing is ever answered.

export const upstreamTitle = tx('上行短信', 'Inbound SMS');

export const UpstreamPage = () => {
  const { t } = useI18n();
  return (
    <DeliveryList
      title={upstreamTitle}
      path="/api/admin/delivery/upstream"
      rowKey={(row) => String(row.id)}
      filters={[
        { name: 'mobile', label: tx('手机号', 'Mobile') },
        { name: 'day', label: tx('日期', 'Day'), placeholder: 'yyyy-mm-dd' },
        { name: 'keyword', label: tx('关键字', 'Keyword'), placeholder: '退订' },
      ]}
      columns={[
        { title: t(tx('接收时间', 'Received')), dataIndex: 'receivedAt', render: formatTime },
        { title: t(tx('来源', 'Source')), dataIndex: 'source' },
        { title: t(tx('手机号', 'Mobile')), dataIndex: 'mobile' },
        { title: t(tx('内容', 'Content')), dataIndex: 'content' },
        { title: t(tx('关键字', 'Keyword')), dataIndex: 'keyword' },
        {
          title: t(tx('退订', 'Unsubscribe')),
          dataIndex: 'unsubscribe',
          render: (value: boolean, row) => (value ? <Tag color="orange">{((row.blacklistedFor as string[] | undefined) ?? []).join(', ') || '✓'}</Tag> : null),
        },
      ]}
    />
  );
};
