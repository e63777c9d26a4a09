import { useState } from 'react';
import { RelatedDrawer } from '../components/related-drawer.tsx';
import { ResourceTable } from '../components/resource-table.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import { fileDetails, fileRequests } from '../resources/logs-files.ts';

// 文件请求记录 with 文件明细 one click away.
export const FileRequestsPage = () => {
  const { t } = useI18n();
  const [lines, setLines] = useState<Record<string, string>>();
  return (
    <>
      <ResourceTable
        resource={fileRequests}
        rowActions={(item) => [
          <a key="lines" onClick={() => setLines({ fileRequestId: String(item.id) })}>
            {t(ui.fileDetails)}
          </a>,
        ]}
      />
      <RelatedDrawer title={`${t(ui.fileDetails)} · ${lines?.fileRequestId ?? ''}`} resource={fileDetails} query={lines} onClose={() => setLines(undefined)} />
    </>
  );
};
