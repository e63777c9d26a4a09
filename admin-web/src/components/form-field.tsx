import { ProFormDateTimePicker, ProFormDependency, ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import type { Rule } from 'antd/es/form';
import type { ReactNode } from 'react';
import type { ConfigEntityName } from '../../../layers/contracts/config-registry.ts';
import { providerSettings } from '../../../layers/contracts/provider-settings.ts';
import { wordsFor } from '../i18n/enums.ts';
import { ui, type Text } from '../i18n/text.ts';
import { fieldsOf, type FieldSpec } from '../schema/fields.ts';
import { labelOf } from '../schema/labels.ts';
import { referenceByName, referenceOptions } from './reference-options.ts';

// One zod field → one ProForm input. Required-ness and lengths come from the schema; the API
// validates again and names the field when it disagrees (shown under the field, config-form.tsx).
// A field naming another entity is a searchable select of its items; codes read as words.

/** Hints where the format is not obvious from the label. */
const placeholderOf = (field: FieldSpec, t: (text: Text) => string): string | undefined => {
  if (/(^|\.)(start|end)$/.test(field.name) && /^(sendWindow|quietHours)\./.test(field.name)) return 'HH:mm';
  if (/timeZone$/.test(field.name)) return 'Asia/Shanghai';
  if (field.name === 'content' || field.name === 'title') return t(ui.templateHint);
  return undefined;
};

export const enumOptions = (field: Pick<FieldSpec, 'name' | 'options'>, t: (text: Text) => string) =>
  (field.options ?? []).map((value) => {
    const words = wordsFor(field.name, value);
    return { label: words ? `${t(words)} (${value})` : value, value };
  });

export const formField = (field: FieldSpec, label: string, t: (text: Text) => string, disabled = false, entity?: ConfigEntityName): ReactNode => {
  const rules: Rule[] = [];
  if (!field.optional) rules.push({ required: true });
  if (field.maxLength !== undefined) rules.push({ max: field.maxLength });
  const placeholder = placeholderOf(field, t);
  const common = { key: field.name, name: field.path, label, disabled, rules, tooltip: field.description, ...(placeholder ? { placeholder } : {}) };
  const target = field.kind === 'text' ? referenceByName(entity, field.name) : undefined;
  if (target)
    return (
      <ProFormSelect
        {...common}
        showSearch
        allowClear={field.optional}
        request={() => referenceOptions(target)}
        fieldProps={{ optionFilterProp: 'label' }}
        placeholder={t(ui.pickHint)}
      />
    );
  switch (field.kind) {
    case 'number':
      return <ProFormDigit {...common} fieldProps={{ precision: 0 }} />;
    case 'boolean':
      return <ProFormSwitch {...common} />;
    case 'enum':
      return <ProFormSelect {...common} options={enumOptions(field, t)} allowClear={field.optional} showSearch />;
    case 'enumList':
      return <ProFormSelect {...common} options={enumOptions(field, t)} mode="multiple" />;
    case 'textList':
      return <ProFormSelect {...common} mode="tags" placeholder={t(ui.listHint)} />;
    case 'providerSettings':
      return <ProviderSettingsFields key={field.name} field={field} t={t} disabled={disabled} />;
    case 'json':
      return (
        <ProFormTextArea
          {...common}
          placeholder={t(ui.jsonHint)}
          rules={[
            ...rules,
            {
              validator: async (_rule: unknown, value: unknown) => {
                if (typeof value !== 'string' || !value.trim()) return;
                try {
                  JSON.parse(value);
                } catch {
                  throw new Error(t(ui.invalidJson));
                }
              },
            },
          ]}
        />
      );
    case 'longText':
      return <ProFormTextArea {...common} fieldProps={{ autoSize: { minRows: 2, maxRows: 8 } }} />;
    case 'dateTime':
      return <ProFormDateTimePicker {...common} />;
    default:
      return <ProFormText {...common} />;
  }
};

/** A send type's settings as the fields its provider reads (layers/contracts/provider-settings.ts). */
const ProviderSettingsFields = ({ field, t, disabled }: { field: FieldSpec; t: (text: Text) => string; disabled: boolean }) => (
  <ProFormDependency name={['provider']}>
    {({ provider }: { provider?: keyof typeof providerSettings }) => {
      const schema = provider ? providerSettings[provider] : undefined;
      if (!schema) return null;
      return fieldsOf(schema, field.path).map((setting) => formField(setting, t(labelOf(setting.name)), t, disabled));
    }}
  </ProFormDependency>
);
