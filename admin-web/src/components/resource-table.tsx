import { ProTable, type ActionType, type ProColumns } from '@ant-design/pro-components';
import { App, Button, Popconfirm } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useEffect, useRef, useState, type Key, type ReactNode } from 'react';
import { api, type Query } from '../api/client.ts';
import { useCan } from '../auth/principal.tsx';
import { useNarrow } from './use-narrow.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ui, type Text } from '../i18n/text.ts';
import { getPath, type FieldSpec } from '../schema/fields.ts';
import { labelOf } from '../schema/labels.ts';
import type { ConfigResource, Item, Resource } from '../resources/types.ts';
import { ConfigForm, configPath } from './config-form.tsx';
import { useCursorPages } from './cursor-pages.ts';
import { DetailDrawer } from './detail-drawer.tsx';
import { explainError } from './explain-error.ts';
import { renderValue } from './field-value.tsx';
import { enumOptions } from './form-field.tsx';
import { referenceByName, referenceOptions } from './reference-options.ts';

// The one list page: columns, the seed's exact-match search form, cursor pagination, detail, and for
// configuration the add/edit/delete buttons the signed-in role may use.

export interface ResourceTableProps {
  resource: Resource;
  /** Filters this table always sends (the configuration a nested method list belongs to). */
  fixedQuery?: Record<string, string>;
  /** Values a new item starts with, fixed in the form. */
  presets?: Item;
  rowActions?: (item: Item, reload: () => void) => ReactNode[];
  toolbarExtra?: ReactNode[];
  expandedRowRender?: (item: Item) => ReactNode;
  /** A row button that opens the expanded row (the seed's 【消息派发方式】 after each configuration). */
  expandLabel?: Text;
  search?: boolean;
  nested?: boolean;
}

const SKIP_PARAMS = new Set(['current', 'pageSize', '_timestamp']);

export const ResourceTable = ({ resource, fixedQuery, presets, rowActions, toolbarExtra, expandedRowRender, expandLabel, search = true, nested = false }: ResourceTableProps) => {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const action = useRef<ActionType>(null);
  const pages = useCursorPages();
  const [detail, setDetail] = useState<Item>();
  const [form, setForm] = useState<{ item?: Item } | undefined>();
  const [expanded, setExpanded] = useState<readonly Key[]>([]);
  /** The table's newest page request (see `request` below). */
  const latestPage = useRef<Promise<unknown> | undefined>(undefined);
  const config: ConfigResource | undefined = resource.type === 'config' ? resource : undefined;
  const writable = config !== undefined && !config.readOnly && can(config.writeRole);
  const rowKey = (row: Item) => (resource.type === 'config' ? resource.idOf(row) : resource.rowKey(row));
  const reload = () => void action.current?.reload();
  const label = (name: string) => t(labelOf(name, resource.labels));
  const fieldByName = new Map(resource.fields.map((f) => [f.name, f]));
  // On a phone the table scrolls sideways as a whole: a fixed actions column would cover it.
  const narrow = useNarrow();

  const searchColumns: ProColumns<Item>[] = resource.filters
    .filter((name) => !fixedQuery || !(name in fixedQuery))
    .map((name) => {
      const field = fieldByName.get(name);
      // The column's key only tells it apart from the display column; the query sends the filter's own name.
      const base = { title: label(name), dataIndex: name, key: `filter:${name}`, hideInTable: true, search: { transform: (value: unknown) => ({ [name]: value }) } };
      if (field?.kind === 'enum') return { ...base, valueType: 'select', fieldProps: { showSearch: true, options: enumOptions(field, t) } };
      const target = referenceByName(config?.entity, name);
      if (target) return { ...base, valueType: 'select', fieldProps: { showSearch: true, optionFilterProp: 'label' }, request: () => referenceOptions(target) };
      if (field?.kind === 'boolean') return { ...base, valueType: 'select', valueEnum: { true: { text: t(ui.yes) }, false: { text: t(ui.no) } } };
      return { ...base, valueType: 'text' };
    });
  if (resource.type === 'records' && resource.dateRange) {
    searchColumns.push({
      title: `${t(ui.dateFrom)} ~ ${t(ui.dateTo)}`,
      dataIndex: 'dateRange',
      key: 'filter:dateRange',
      valueType: 'dateRange',
      hideInTable: true,
      search: { transform: (value: [string, string]) => ({ from: value[0], to: value[1] }) },
    });
  }

  const displayColumns: ProColumns<Item>[] = resource.columns.map((name) => {
    const field: FieldSpec = fieldByName.get(name) ?? { path: [name], name, kind: /At$/.test(name) ? 'dateTime' : 'text', optional: true, hasDefault: false };
    return {
      title: label(name),
      key: name,
      dataIndex: field.path,
      hideInSearch: true,
      ellipsis: field.kind === 'longText' || name === 'content' || name === 'title',
      render: (_: ReactNode, row: Item) => renderValue(field, getPath(row, field.path), t),
    };
  });

  const optionColumn: ProColumns<Item> = {
    title: t(ui.actions),
    key: 'option',
    valueType: 'option',
    fixed: narrow ? undefined : 'right',
    onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
    render: (_: ReactNode, row: Item) => {
      const buttons: ReactNode[] = [
        <a key="detail" onClick={() => setDetail(row)}>
          {t(ui.detail)}
        </a>,
      ];
      if (config && writable) {
        buttons.push(
          <a key="edit" onClick={() => setForm({ item: row })}>
            {t(ui.edit)}
          </a>,
          <Popconfirm
            key="delete"
            title={t(ui.confirmDelete)}
            onConfirm={async () => {
              try {
                await api.del(configPath(config, config.idOf(row)), { version: row.version as number });
                message.success(t(ui.deleted));
                reload();
              } catch (error) {
                message.error(explainError(error, t), 6);
              }
            }}
          >
            <a>{t(ui.delete)}</a>
          </Popconfirm>,
        );
      }
      if (expandLabel) {
        const key = rowKey(row);
        buttons.push(
          <a key="expand" onClick={() => setExpanded((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]))}>
            {t(expandLabel)}
          </a>,
        );
      }
      return [...buttons, ...(rowActions?.(row, reload) ?? [])];
    },
  };

  // A table wider than its card scrolls sideways: keyboard users must be able to focus the region to
  // scroll it (axe: scrollable-region-focusable), also when it has no rows (no focusable cell).
  const frame = useRef<HTMLDivElement>(null);
  useEffect(() => {
    frame.current?.querySelectorAll('.ant-table-content').forEach((region) => {
      if (!region.hasAttribute('tabindex')) region.setAttribute('tabindex', '0');
    });
  });

  return (
    <div ref={frame}>
      <ProTable<Item>
        actionRef={action}
        rowKey={rowKey}
        headerTitle={nested ? t(resource.title) : undefined}
        columns={[...displayColumns, ...searchColumns, optionColumn]}
        params={fixedQuery}
        // Labels above their inputs: a long label (名单类型（用户ID/手机号/接受终端账号）) never squeezes its select.
        search={search && searchColumns.length > 0 ? { layout: 'vertical', defaultCollapsed: narrow } : false}
        options={{ density: false, setting: false, reload: true }}
        scroll={{ x: 'max-content' }}
        size={nested ? 'small' : 'middle'}
        cardBordered={!nested}
        pagination={{ defaultPageSize: nested ? 10 : 20, showSizeChanger: true, pageSizeOptions: [10, 20, 50, 100] }}
        expandable={expandedRowRender ? { expandedRowRender, expandedRowKeys: expanded, onExpandedRowsChange: setExpanded } : undefined}
        toolBarRender={() => [
          ...(toolbarExtra ?? []),
          ...(writable
            ? [
                <Button key="add" type="primary" icon={<PlusOutlined />} onClick={() => setForm({})}>
                  {t(ui.add)}
                </Button>,
              ]
            : []),
        ]}
        request={(params) => {
          const mine = (async () => {
            const { current = 1, pageSize = 20 } = params;
            const query: Query = { ...fixedQuery };
            for (const [key, value] of Object.entries(params)) {
              if (SKIP_PARAMS.has(key) || value === undefined || value === null || value === '') continue;
              query[key] = String(value);
            }
            try {
              const page = await pages(resource.type === 'config' ? configPath(resource) : resource.path, query, current, pageSize);
              return { data: page.items, success: true, total: (page.page - 1) * pageSize + page.items.length + (page.hasMore ? 1 : 0) };
            } catch (error) {
              message.error(explainError(error, t), 6);
              return { data: [], success: false, total: 0 };
            }
          })();
          latestPage.current = mine;
          // A slow earlier answer (the unfiltered first load) must never replace a search's: whatever
          // resolves, the table shows the newest request's rows.
          const newest = async (page: typeof mine): Promise<Awaited<typeof mine>> => {
            const answer = await page;
            return latestPage.current && latestPage.current !== page ? newest(latestPage.current as typeof mine) : answer;
          };
          return newest(mine);
        }}
      />
      <DetailDrawer resource={resource} item={detail} onClose={() => setDetail(undefined)} />
      {config && form && (
        <ConfigForm
          resource={config}
          {...(form.item ? { item: form.item } : {})}
          {...(presets ? { presets } : {})}
          open
          onOpenChange={(open) => !open && setForm(undefined)}
          onSaved={() => {
            setForm(undefined);
            reload();
          }}
        />
      )}
    </div>
  );
};
