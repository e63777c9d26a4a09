// One naming rule for the environment a binding provides, as values (what the stacks and the runner
// set) and as types (what a function may read), so the two cannot drift: each capital letter of a
// camelCase resource name starts a new UPPER_SNAKE word.

const constant = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

/** `smsGreen` → `SMS_GREEN`, letter by letter as `constant` does. */
export type Constant<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? Uppercase<C> : `_${C}`}${Constant<Rest>}`
  : '';

export const envKey = {
  table: <N extends string>(name: N) => `TABLE_${constant(name)}` as `TABLE_${Constant<N>}`,
  queueUrl: <N extends string>(name: N) => `QUEUE_${constant(name)}_URL` as `QUEUE_${Constant<N>}_URL`,
  dlqUrl: <N extends string>(name: N) => `QUEUE_${constant(name)}_DLQ_URL` as `QUEUE_${Constant<N>}_DLQ_URL`,
  bucket: <N extends string>(name: N) => `BUCKET_${constant(name)}` as `BUCKET_${Constant<N>}`,
  secret: <N extends string>(name: N) => `SECRET_${constant(name)}_ID` as `SECRET_${Constant<N>}_ID`,
};

type KeysOf<T> = T extends object ? keyof T & string : never;
type ItemsOf<T> = T extends readonly (infer X)[] ? X & string : never;

/** The environment keys a `Bindings` value gives, as a union of string literal types. */
export type BindingEnvKey<B> =
  | (B extends { tables: infer T } ? `TABLE_${Constant<KeysOf<T>>}` : never)
  | (B extends { queues: infer Q } ? `QUEUE_${Constant<ItemsOf<Q>>}_URL` : never)
  | (B extends { queueAdmin: infer Q } ? `QUEUE_${Constant<ItemsOf<Q>>}_URL` | `QUEUE_${Constant<ItemsOf<Q>>}_DLQ_URL` : never)
  | (B extends { buckets: infer T } ? `BUCKET_${Constant<KeysOf<T>>}` : never)
  | (B extends { secrets: infer S } ? `SECRET_${Constant<ItemsOf<S>>}_ID` : never)
  | (B extends { providerSecrets: true } ? 'PROVIDER_SECRET_PREFIX' : never)
  | (B extends { scheduler: true } ? 'SCHEDULER_GROUP_NAME' | 'SCHEDULER_ROLE_ARN' : never)
  | (B extends { probes: { tables: infer T } } ? `TABLE_${Constant<ItemsOf<T>>}` : never)
  | (B extends { probes: { queues: infer Q } } ? `QUEUE_${Constant<ItemsOf<Q>>}_URL` : never);
