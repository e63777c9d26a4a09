import { Descriptions, Modal } from 'antd';
import { useState } from 'react';
import { formatTime } from '../components/field-value.tsx';
import { ResourceTable } from '../components/resource-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import { labelOf } from '../schema/labels.ts';
import type { Item } from '../resources/types.ts';
import { captchaRecords } from '../resources/captcha.ts';

// 验证码发送记录 with 查看验证码发送用户: a captcha goes to one phone; the user is that phone and scene.
export const CaptchaRecordsPage = () => {
  const { t } = useI18n();
  const [user, setUser] = useState<Item>();
  const rows = ['phone', 'institution', 'bizCode', 'seqNo', 'status', 'sentAt', 'verifiedAt'];
  return (
    <>
      <ResourceTable
        resource={captchaRecords}
        rowActions={(item) => [
          <a key="user" onClick={() => setUser(item)}>
            {t(ui.captchaUsers)}
          </a>,
        ]}
      />
      <Modal open={user !== undefined} onCancel={() => setUser(undefined)} footer={null} title={t(ui.captchaUsers)}>
        <Descriptions
          column={1}
          bordered
          size="small"
          items={rows.map((name) => ({ key: name, label: t(labelOf(name)), children: name.endsWith('At') ? formatTime(user?.[name]) : String(user?.[name] ?? '-') }))}
        />
      </Modal>
    </>
  );
};
