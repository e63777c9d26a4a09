import { ModalForm, type ProFormInstance } from '@ant-design/pro-components';
import { App } from 'antd';
import dayjs from 'dayjs';
import { useRef } from 'react';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { ui } from '../i18n/text.ts';
import { labelOf } from '../schema/labels.ts';
import { toBody, toFormValues } from '../schema/fields.ts';
import type { ConfigResource, Item } from '../resources/types.ts';
import { explainError } from './explain-error.ts';
import { clientFieldErrors, serverFieldError } from './field-errors.ts';
import { forgetReferenceOptions } from './reference-options.ts';
import { formField as formFieldFor } from './form-field.tsx';

// Create and edit in a modal. An edit sends back the version it read: a stale one is a 409 the
// operator sees as "someone else changed this".

export interface ConfigFormProps {
  resource: ConfigResource;
  /** The item being edited; absent to create. */
  item?: Item;
  /** Values a new item starts with (the dispatch configuration of a method, the parent of a dictionary entry). */
  presets?: Item;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: () => void;
}

const isoTimes = (body: Record<string, unknown>, names: string[]) => {
  for (const name of names) {
    const value = body[name];
    if (value !== undefined) body[name] = dayjs(value as string).toISOString();
  }
  return body;
};

export const configPath = (resource: ConfigResource, id?: string) =>
  `/api/admin/config/${resource.entity}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;

export const ConfigForm = ({ resource, item, presets, open, onOpenChange, onSaved }: ConfigFormProps) => {
  const { t } = useI18n();
  const { message } = App.useApp();
  const editing = item !== undefined;
  const initial = editing ? toFormValues(resource.fields, item) : { ...toFormValues(resource.fields, undefined), ...presets };
  const title = `${t(editing ? ui.edit : ui.add)} · ${t(resource.title)}`;
  const form = useRef<ProFormInstance>(undefined);
  // List entries are normalised by the API before validation (mobiles, domains): it alone judges them.
  const checksFirst = !['blacklist', 'whitelist', 'emailDomain'].includes(resource.entity);
  return (
    <ModalForm
      title={title}
      formRef={form}
      open={open}
      onOpenChange={onOpenChange}
      initialValues={initial}
      modalProps={{ destroyOnClose: true, maskClosable: false, keyboard: true }}
      width={640}
      layout="horizontal"
      labelCol={{ span: 8 }}
      wrapperCol={{ span: 16 }}
      onFinish={async (values: Record<string, unknown>) => {
        const body = isoTimes(
          toBody(resource.fields, values),
          resource.fields.filter((f) => f.kind === 'dateTime').map((f) => f.name),
        );
        const invalid = checksFirst ? clientFieldErrors(resource.schema, body, resource.fields, t) : [];
        if (invalid.length > 0) {
          form.current?.setFields(invalid);
          message.error(t(ui.checkFields), 6);
          return false;
        }
        try {
          if (editing) await api.put(configPath(resource, resource.idOf(item)), { ...body, version: item.version });
          else await api.post(configPath(resource), body);
          message.success(t(ui.saved));
          forgetReferenceOptions(resource.entity);
          onSaved();
          return true;
        } catch (error) {
          const onField = serverFieldError(error, resource.fields);
          if (onField) form.current?.setFields([onField]);
          message.error(onField ? t(ui.checkFields) : explainError(error, t), 6);
          return false;
        }
      }}
    >
      {resource.fields.map((field) =>
        formFieldFor(field, t(labelOf(field.name, resource.labels)), t, (editing && resource.idFields.includes(field.name)) || (presets !== undefined && field.name in presets), resource.entity),
      )}
    </ModalForm>
  );
};
