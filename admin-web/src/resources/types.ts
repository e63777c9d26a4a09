import type * as z from 'zod/mini';
import { configWriteRole, readOnlyConfigEntities, type AdminRole, type RecordKind } from '../../../layers/contracts/admin.ts';
import { listingFilters } from '../../../layers/contracts/admin-listings.ts';
import { configEntities, type ConfigEntityName } from '../../../layers/contracts/config-registry.ts';
import type { Text } from '../i18n/text.ts';
import { fieldsOf, type FieldSpec } from '../schema/fields.ts';

// A resource definition: one per entity or record kind. It drives the table's columns, the search
// form (the seed's exact-match filters, from layers/contracts/admin.ts), the create/edit form and the
// detail view. The filters come from the list route's query schema (layers/contracts/admin-listings.ts),
// so the search form sends exactly the names the API reads.

export type Item = Record<string, unknown>;

interface ResourceBase {
  title: Text;
  fields: FieldSpec[];
  /** Field labels that differ from the shared dictionary on this page. */
  labels?: Record<string, Text>;
  /** Fields shown as table columns (all others only in the detail view). */
  columns: readonly string[];
  filters: readonly string[];
}

export interface ConfigResource extends ResourceBase {
  type: 'config';
  entity: ConfigEntityName;
  idOf: (item: Item) => string;
  /** Part of the item's id: fixed once created. */
  idFields: readonly string[];
  writeRole: AdminRole;
  readOnly: boolean;
  /** What the API validates a write with: the form checks it first and marks every bad field at once. */
  schema: z.ZodMiniObject;
}

export interface RecordResource extends ResourceBase {
  type: 'records';
  kind: RecordKind;
  path: string;
  rowKey: (item: Item) => string;
  /** Listings by time take a from/to date range. */
  dateRange: boolean;
}

export type Resource = ConfigResource | RecordResource;

export const configResource = (
  entity: ConfigEntityName,
  options: { en: string; idFields: readonly string[]; columns: readonly string[]; labels?: Record<string, Text>; zh?: string },
): ConfigResource => {
  const registered = configEntities[entity];
  return {
    type: 'config',
    entity,
    title: { zh: options.zh ?? registered.label, en: options.en },
    // A send type's settings are a typed form per provider, not a JSON box.
    fields: fieldsOf(registered.schema).map((f) => (entity === 'sendType' && f.name === 'settings' ? { ...f, kind: 'providerSettings' as const } : f)),
    columns: options.columns,
    filters: listingFilters.config(entity),
    idOf: (item) => (registered.id as (i: Item) => string)(item),
    idFields: options.idFields,
    writeRole: configWriteRole(entity),
    schema: registered.schema,
    readOnly: readOnlyConfigEntities.includes(entity),
    ...(options.labels ? { labels: options.labels } : {}),
  };
};

export const recordResource = (
  kind: RecordKind,
  options: {
    title: Text;
    schema?: z.ZodMiniObject;
    /** For records the contracts do not describe with a schema yet: plain text fields by name. */
    fieldNames?: readonly string[];
    columns: readonly string[];
    rowKey: (item: Item) => string;
    labels?: Record<string, Text>;
    path?: string;
    dateRange?: boolean;
  },
): RecordResource => ({
  type: 'records',
  kind,
  title: options.title,
  fields: options.schema ? fieldsOf(options.schema) : plainFields(options.fieldNames ?? options.columns),
  columns: options.columns,
  filters: options.path === '/api/admin/outbox' ? listingFilters.outbox() : listingFilters.records(kind),
  rowKey: options.rowKey,
  path: options.path ?? `/api/admin/records/${kind}`,
  dateRange: options.dateRange ?? true,
  ...(options.labels ? { labels: options.labels } : {}),
});

const plainFields = (names: readonly string[]): FieldSpec[] =>
  names.map((name) => ({ path: [name], name, kind: /At$/.test(name) ? 'dateTime' : 'text', optional: true, hasDefault: false }));
