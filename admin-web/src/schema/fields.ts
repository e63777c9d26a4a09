import * as z from 'zod/mini';

// Walks a contract's zod object into the fields a page needs: the table's columns, the search form,
// the create/edit form and the detail view all come from this one list, so the SPA cannot drift from
// the API's schemas.

/** providerSettings: a send type's settings, drawn per provider (layers/contracts/provider-settings.ts). */
export type FieldKind = 'text' | 'longText' | 'number' | 'boolean' | 'enum' | 'enumList' | 'textList' | 'json' | 'providerSettings' | 'dateTime' | 'unknown';

export interface FieldSpec {
  /** Path into the item: ['match', 'bizType'] for a nested field. */
  path: string[];
  /** Dotted path: the form field's and the filter's name. */
  name: string;
  kind: FieldKind;
  options?: readonly string[];
  /** May be left empty: optional, has a default, or sits in an optional object. */
  optional: boolean;
  defaultValue?: unknown;
  description?: string;
  maxLength?: number;
  /** The enclosing optional object, e.g. sendWindow: dropped when none of its required fields is filled. */
  optionalGroup?: string;
  /** The schema supplies a value when it is left out. */
  hasDefault: boolean;
}

const LONG_TEXT = 200;

interface Unwrapped {
  inner: z.ZodMiniType;
  optional: boolean;
  defaultValue?: unknown;
  description?: string;
}

/** What `z.describe()` / `z.meta()` said of a schema. */
const descriptionOf = (schema: z.ZodMiniType): string | undefined => z.globalRegistry.get(schema)?.description;

const unwrap = (schema: z.ZodMiniType): Unwrapped => {
  let inner = schema;
  let optional = false;
  let defaultValue: unknown;
  let description = descriptionOf(schema);
  for (;;) {
    if (inner instanceof z.ZodMiniOptional || inner instanceof z.ZodMiniNullable) {
      optional = true;
      inner = inner.def.innerType as z.ZodMiniType;
    } else if (inner instanceof z.ZodMiniDefault) {
      optional = true;
      defaultValue = inner.def.defaultValue;
      inner = inner.def.innerType as z.ZodMiniType;
    } else break;
    description ??= descriptionOf(inner);
  }
  return { inner, optional, defaultValue, ...(description ? { description } : {}) };
};

const isDateName = (name: string) => /At$/.test(name) || name === 'expiresAtIso' || name === 'at';

const kindOf = (name: string, schema: z.ZodMiniType): Pick<FieldSpec, 'kind' | 'options' | 'maxLength'> => {
  if (schema instanceof z.ZodMiniEnum) return { kind: 'enum', options: schema.options as string[] };
  if (schema instanceof z.ZodMiniBoolean) return { kind: 'boolean' };
  if (schema instanceof z.ZodMiniNumber) return { kind: 'number' };
  if (schema instanceof z.ZodMiniString) {
    if (isDateName(name)) return { kind: 'dateTime' };
    const max = schema._zod.bag.maximum ?? undefined;
    return { kind: max !== undefined && max > LONG_TEXT ? 'longText' : 'text', ...(max !== undefined ? { maxLength: max } : {}) };
  }
  if (schema instanceof z.ZodMiniArray) {
    const element = unwrap(schema.def.element as z.ZodMiniType).inner;
    if (element instanceof z.ZodMiniEnum) return { kind: 'enumList', options: element.options as string[] };
    if (element instanceof z.ZodMiniString) return { kind: 'textList' };
    return { kind: 'json' };
  }
  if (schema instanceof z.ZodMiniRecord) return { kind: 'json' };
  return { kind: 'unknown' };
};

/** The fields of an object schema, nested objects flattened (match.bizType, sendWindow.start). */
export const fieldsOf = (schema: z.ZodMiniObject, prefix: string[] = [], group?: string): FieldSpec[] =>
  Object.entries(schema.shape).flatMap(([key, raw]) => {
    const { inner, optional, defaultValue, description } = unwrap(raw as z.ZodMiniType);
    const path = [...prefix, key];
    if (inner instanceof z.ZodMiniObject) return fieldsOf(inner, path, optional ? path.join('.') : group);
    return [
      {
        path,
        name: path.join('.'),
        ...kindOf(key, inner),
        optional: optional || group !== undefined,
        hasDefault: defaultValue !== undefined,
        ...(defaultValue !== undefined && group === undefined ? { defaultValue } : {}),
        ...(description ? { description } : {}),
        ...(group ? { optionalGroup: group } : {}),
      },
    ];
  });

export const getPath = (item: unknown, path: readonly string[]): unknown =>
  path.reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), item);

const setPath = (target: Record<string, unknown>, path: readonly string[], value: unknown) => {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    node = (node[key] ??= {}) as Record<string, unknown>;
  });
  node[path[path.length - 1]!] = value;
};

const isEmpty = (value: unknown) => value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);

/**
 * Form values → the body the API expects: empty optional values left out (the API stores no empty
 * strings), JSON fields parsed, an optional group (sendWindow) dropped unless its required fields are set.
 */
export const toBody = (fields: readonly FieldSpec[], values: Record<string, unknown>): Record<string, unknown> => {
  const body: Record<string, unknown> = {};
  const keptGroups = new Set<string>();
  for (const field of fields) {
    if (field.optionalGroup && !field.hasDefault && !isEmpty(getPath(values, field.path))) keptGroups.add(field.optionalGroup);
  }
  for (const field of fields) {
    if (field.optionalGroup && !keptGroups.has(field.optionalGroup)) continue;
    let value = getPath(values, field.path);
    if (isEmpty(value)) continue;
    if (field.kind === 'json' && typeof value === 'string') value = JSON.parse(value) as unknown;
    if (field.kind === 'providerSettings' && value && typeof value === 'object')
      value = Object.fromEntries(Object.entries(value).filter(([, v]) => !isEmpty(v)));
    if (field.kind === 'dateTime' && value && typeof value === 'object' && 'toISOString' in value) value = (value as { toISOString: () => string }).toISOString();
    setPath(body, field.path, value);
  }
  return body;
};

/** An item → form values: JSON fields as text, so they can be edited in a text area. */
export const toFormValues = (fields: readonly FieldSpec[], item: Record<string, unknown> | undefined): Record<string, unknown> => {
  const values: Record<string, unknown> = {};
  for (const field of fields) {
    const value = item ? getPath(item, field.path) : field.defaultValue;
    if (value === undefined) continue;
    setPath(values, field.path, field.kind === 'json' ? JSON.stringify(value, null, 2) : value);
  }
  return values;
};
