import { App, Button, Card, Empty, Popconfirm, Space, Tree, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { DictNode } from '../../../layers/contracts/admin.ts';
import { api, type Page } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { ConfigForm, configPath } from '../components/config-form.tsx';
import { explainError } from '../components/explain-error.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import { dict } from '../resources/system.ts';
import type { Item } from '../resources/types.ts';

// 字典配置 as a tree: 增加下级 / 修改 / 删除 on every entry (the API refuses to delete an entry with children).

interface TreeNode {
  key: string;
  title: ReactNode;
  children: TreeNode[];
}

export const DictPage = () => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const [roots, setRoots] = useState<DictNode[]>([]);
  const [form, setForm] = useState<{ item?: Item; presets?: Item }>();
  const load = useCallback(async () => {
    setRoots((await api.get<Page<DictNode>>(configPath(dict), { tree: 1 })).items);
  }, []);
  useEffect(() => {
    load().catch((error: unknown) => message.error(explainError(error, t)));
  }, [load, message, t]);

  const remove = async (node: DictNode) => {
    try {
      await api.del(configPath(dict, node.id), { version: node.version });
      message.success(t(ui.deleted));
      await load();
    } catch (error) {
      message.error(explainError(error, t), 6);
    }
  };
  const asItem = ({ children: _children, ...node }: DictNode): Item => ({ ...node });
  const toTree = (node: DictNode): TreeNode => ({
    key: node.id,
    title: (
      <Space size="middle">
        <span>
          {node.label} <Typography.Text type="secondary">({node.code}{node.value ? ` = ${node.value}` : ''})</Typography.Text>
        </span>
        {can(dict.writeRole) && (
          <Space size="small" onClick={(event) => event.stopPropagation()}>
            <a onClick={() => setForm({ presets: { parentId: node.id } })}>{t(ui.addChild)}</a>
            <a onClick={() => setForm({ item: asItem(node) })}>{t(ui.edit)}</a>
            <Popconfirm title={t(ui.confirmDelete)} onConfirm={() => remove(node)}>
              <a>{t(ui.delete)}</a>
            </Popconfirm>
          </Space>
        )}
      </Space>
    ),
    children: node.children.map(toTree),
  });
  const treeData = roots.map(toTree);

  return (
    <Card
      title={t(dict.title)}
      extra={
        can(dict.writeRole) && (
          <Button icon={<PlusOutlined />} onClick={() => setForm({})}>
            {t(ui.addRoot)}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">{t(ui.dictionaryHelp)}</Typography.Paragraph>
      {treeData.length ? <Tree treeData={treeData} defaultExpandAll blockNode selectable={false} key={treeData.length} /> : <Empty />}
      {form && (
        <ConfigForm
          resource={dict}
          {...(form.item ? { item: form.item } : {})}
          {...(form.presets ? { presets: form.presets } : {})}
          open
          onOpenChange={(open) => !open && setForm(undefined)}
          onSaved={() => {
            setForm(undefined);
            void load();
          }}
        />
      )}
    </Card>
  );
};
