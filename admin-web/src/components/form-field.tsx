import { ProFormDateTimePicker, ProFormDigit, ProFormSelect, ProFormSwitch, ProFormText, ProFormTextArea } from '@ant-design/pro-components';
import type { Rule } from 'antd/es/form';
import type { ReactNode } from 'react';
import { ui, type Text } from '../i18n/text.ts';
import type { FieldSpec } from '../schema/fields.ts';

// One zod field → one ProForm input. Required-ness and lengths come from the schema; the API
// validates again and names the field when it disagrees.

export const formField = (field: FieldSpec, label: string, t: (text: Text) => string, disabled = false): ReactNode => {
  const rules: Rule[] = [];
  if (!field.optional) rules.push({ required: true });
  if (field.maxLength !== undefined) rules.push({ max: field.maxLength });
  const common = { key: field.name, name: field.path, label, disabled, rules, tooltip: field.description };
  const options = (field.options ?? []).map((value) => ({ label: value, value }));
  switch (field.kind) {
    case 'number':
      return <ProFormDigit {...common} fieldProps={{ precision: 0 }} />;
    case 'boolean':
      return <ProFormSwitch {...common} />;
    case 'enum':
      return <ProFormSelect {...common} options={options} allowClear={field.optional} />;
    case 'enumList':
      return <ProFormSelect {...common} options={options} mode="multiple" />;
    case 'textList':
      return <ProFormSelect {...common} mode="tags" placeholder={t(ui.listHint)} />;
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
