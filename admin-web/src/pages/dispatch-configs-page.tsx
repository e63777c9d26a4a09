import { Card } from 'antd';
import { ResourceTable } from '../components/resource-table.tsx';
import { ui } from '../i18n/text.ts';
import { dispatchConfig, dispatchMethod } from '../resources/platform.ts';

// 消息派发配置: each configuration's 消息派发方式 open right under its row, with their own add/edit/delete.
export const DispatchConfigsPage = () => (
  <ResourceTable
    resource={dispatchConfig}
    expandLabel={ui.dispatchMethods}
    expandedRowRender={(item) => {
      const id = String(item.id);
      return (
        <Card size="small" style={{ margin: '4px 0' }} data-testid={`dispatch-methods-${id}`}>
          <ResourceTable resource={dispatchMethod} fixedQuery={{ dispatchConfigId: id }} presets={{ dispatchConfigId: id }} search={false} nested />
        </Card>
      );
    }}
  />
);
