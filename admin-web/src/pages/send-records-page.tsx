import { App } from 'antd';
import { resendRefusal } from '../../../layers/contracts/records.ts';
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { explainError } from '../components/explain-error.ts';
import { ReasonedAction } from '../components/reasoned-action.tsx';
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
          if (can('operator')) {
            const refusal = resendRefusal(
              { status: String(item.status), updatedAt: String(item.updatedAt), ...(typeof item.retryableCount === 'number' ? { retryableCount: item.retryableCount } : {}) },
              new Date(),
            );
            const resendWhy = refusal === 'NOTHING_TO_RETRY' ? ui.resendNobody : refusal ? ui.resendWrongState : undefined;
            const cancelWhy = item.status === 'UNSENT' ? undefined : ui.cancelWrongState;
            buttons.push(
              <ReasonedAction key="resend" label={t(ui.resend)} confirm={`${t(ui.resend)}?`} why={resendWhy && t(resendWhy)} onConfirm={() => act(sendId, 'resend', ui.resendDone, reload)} />,
              <ReasonedAction key="cancel" label={t(ui.cancelSend)} confirm={`${t(ui.cancelSend)}?`} why={cancelWhy && t(cancelWhy)} onConfirm={() => act(sendId, 'cancel', ui.cancelDone, reload)} />,
            );
          }
          return buttons;
        }}
      />
      <RelatedDrawer title={`${t(ui.users)} · ${users?.sendId ?? ''}`} resource={sendRecordUsers} query={users} onClose={() => setUsers(undefined)} />
    </>
  );
};
