// Examples for the API docs, derived from the generated JSON Schemas so every operation shows a
// complete request and response without a second, hand-kept copy: each field's own `example` (zod
// `.meta({ example })`) where it has one, else its default, first enum value or a value of its type.
// Optional text fields are '' — the seed's callers send '' for "not given".

type Schema = Record<string, unknown>;
type Components = Record<string, Schema>;

const MAX_DEPTH = 8;

/** Values for fields that carry no example of their own, by name (the same fields recur in many schemas). */
const BY_NAME: Record<string, unknown> = {
  requestNo: '20180309011111',
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  sendId: '20240501100000000ABCDEFGH0123456789',
  captchaId: '9f86d081884c7d659a2feaa0c55ad015',
  to: '133****9238',
  mobile: '13361249238',
  phone: '13361249238',
  email: 'user@example.com',
  userId: '133',
  custNo: 'C0001',
  createdAt: '2024-05-01T10:00:00.000Z',
  updatedAt: '2024-05-01T10:00:01.000Z',
  sentAt: '2024-05-01T10:00:01.000Z',
  at: '2024-05-01T10:00:00.000Z',
  username: 'operator',
  cursor: 'eyJwIjoiUkVRREFZIzIwMjQtMDUtMDEifQ',
};

const first = <T>(values: unknown): T | undefined => (Array.isArray(values) ? (values.find((v) => v !== null && v !== '') ?? values[0]) : undefined) as T | undefined;

const typesOf = (schema: Schema): string[] => (Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === 'string' ? [schema.type] : []);

/** A value that fits `schema`; `optional` = the field may be left out (text becomes ''). */
export const exampleOf = (schema: Schema | undefined, components: Components, optional = false, depth = 0, name = ''): unknown => {
  if (!schema || depth > MAX_DEPTH) return undefined;
  if (typeof schema.$ref === 'string') return exampleOf(components[schema.$ref.split('/').pop()!], components, optional, depth + 1, name);
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return first(schema.enum);
  const branches = (schema.anyOf ?? schema.oneOf ?? schema.allOf) as Schema[] | undefined;
  if (branches) return exampleOf(branches.find((b) => !typesOf(b).includes('null') || typesOf(b).length > 1) ?? branches[0], components, optional, depth + 1, name);
  const types = typesOf(schema).filter((t) => t !== 'null');
  switch (types[0]) {
    case 'string':
      if (Object.hasOwn(BY_NAME, name) && typeof BY_NAME[name] === 'string') return BY_NAME[name];
      if (schema.format === 'date-time') return '2024-05-01T10:00:00.000Z';
      if (schema.format === 'date') return '2024-05-01';
      return optional || typesOf(schema).includes('null') ? '' : 'string';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return [exampleOf(schema.items as Schema | undefined, components, false, depth + 1)].filter((v) => v !== undefined);
    default: {
      const properties = schema.properties as Record<string, Schema> | undefined;
      const required = new Set((schema.required as string[] | undefined) ?? []);
      if (properties) {
        return Object.fromEntries(
          Object.entries(properties)
            .map(([field, property]) => [field, exampleOf(property, components, !required.has(field), depth + 1, field)] as const)
            .filter(([, value]) => value !== undefined),
        );
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        const value = exampleOf(schema.additionalProperties as Schema, components, false, depth + 1);
        return value === undefined ? {} : { name: value };
      }
      return types[0] === 'object' || !types[0] ? {} : undefined;
    }
  }
};

/** An example for each path or query parameter that has none (Swagger UI fills "try it out" with it). */
export const parameterExamples = (parameters: Schema[] | undefined, components: Components): void => {
  for (const parameter of parameters ?? []) {
    if (parameter.example !== undefined) continue;
    const value = exampleOf(parameter.schema as Schema | undefined, components, parameter.required !== true);
    if (value !== undefined && value !== '') parameter.example = value;
  }
};
