import { useState } from 'react';
import { RelatedDrawer } from '../components/related-drawer.tsx';
import { ResourceTable } from '../components/resource-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import { requestUsers, requests } from '../resources/messages.ts';

// 消息请求记录 with 查看消息发送用户 one click away (bulk requests page through their user chunks).
export const RequestsPage = () => {
  const { t } = useI18n();
  const [users, setUsers] = useState<Record<string, string>>();
  return (
    <>
      <ResourceTable
        resource={requests}
        rowActions={(item) => [
          <a key="users" onClick={() => setUsers({ institution: String(item.institution), requestNo: String(item.requestNo) })}>
            {t(ui.users)}
          </a>,
        ]}
      />
      <RelatedDrawer title={`${t(ui.users)} · ${users?.requestNo ?? ''}`} resource={requestUsers} query={users} onClose={() => setUsers(undefined)} />
    </>
  );
};
