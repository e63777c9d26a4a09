import { ProDescriptions } from '@ant-design/pro-components';
import { Drawer } from 'antd';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import { getPath, type FieldSpec } from '../schema/fields.ts';
import { labelOf } from '../schema/labels.ts';
import type { Item, Resource } from '../resources/types.ts';
import { renderValue } from './field-value.tsx';

const META = ['version', 'createdAt', 'updatedAt', 'updatedBy'];

/** Every field of the item: the schema's, then whatever else the API returned (counts, meta). */
export const DetailDrawer = ({ resource, item, onClose }: { resource: Resource; item: Item | undefined; onClose: () => void }) => {
  const { t } = useI18n();
  const known = new Set(resource.fields.map((f) => f.path[0]!));
  const extra: FieldSpec[] = Object.keys(item ?? {})
    .filter((k) => !known.has(k))
    .sort((a, b) => Number(META.includes(a)) - Number(META.includes(b)))
    .map((k) => ({ path: [k], name: k, kind: /At$/.test(k) ? 'dateTime' : 'text', optional: true, hasDefault: false }));
  const fields = [...resource.fields, ...extra];
  return (
    <Drawer open={item !== undefined} onClose={onClose} width={640} title={`${t(ui.detail)} · ${t(resource.title)}`} destroyOnClose>
      {item && (
        <ProDescriptions
          column={1}
          bordered
          size="small"
          dataSource={item}
          columns={fields.map((field) => ({
            key: field.name,
            title: t(labelOf(field.name, resource.labels)),
            render: () => renderValue(field, getPath(item, field.path), t, false),
          }))}
        />
      )}
    </Drawer>
  );
};
