import { App, Popconfirm } from 'antd';
import { isResendable } from '../../../layers/contracts/records.ts';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { RelatedDrawer } from '../components/related-drawer.tsx';
import { ResourceTable } from '../components/resource-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ui, type Text } from '../i18n/text.ts';
import { sendRecordUsers, sendRecords } from '../resources/messages.ts';

// 消息发送记录: recipients per record, and the operator's resend (failed or stuck records) and cancel (UNSENT).

export const SendRecordsPage = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [users, setUsers] = useState<Record<string, string>>();
  const act = async (sendId: string, verb: 'resend' | 'cancel', done: Text, reload: () => void) => {
    try {
      await api.post(`/api/admin/actions/send-records/${encodeURIComponent(sendId)}/${verb}`);
      message.success(t(done));
      reload();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  return (
    <>
      <ResourceTable
        resource={sendRecords}
        rowActions={(item, reload) => {
          const sendId = String(item.sendId);
          const buttons = [
            <a key="users" onClick={() => setUsers({ sendId })}>
              {t(ui.users)}
            </a>,
          ];
          if (can('operator') && isResendable({ status: String(item.status), updatedAt: String(item.updatedAt) }, new Date())) {
            buttons.push(
              <Popconfirm key="resend" title={`${t(ui.resend)}?`} onConfirm={() => act(sendId, 'resend', ui.resendDone, reload)}>
                <a>{t(ui.resend)}</a>
              </Popconfirm>,
            );
          }
          if (can('operator') && item.status === 'UNSENT') {
            buttons.push(
              <Popconfirm key="cancel" title={`${t(ui.cancelSend)}?`} onConfirm={() => act(sendId, 'cancel', ui.cancelDone, reload)}>
                <a>{t(ui.cancelSend)}</a>
              </Popconfirm>,
            );
          }
          return buttons;
        }}
      />
      <RelatedDrawer title={`${t(ui.users)} · ${users?.sendId ?? ''}`} resource={sendRecordUsers} query={users} onClose={() => setUsers(undefined)} />
    </>
  );
};
