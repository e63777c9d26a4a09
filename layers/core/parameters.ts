import * as z from 'zod';
import type { ConfigReader } from './config-port.ts';

// The platform parameters (参数配置, MSG_PARAMETER_CONFIG) the code reads at runtime: one typed entry
// per parameter code, with the value used when an operator has not set it (or set it to something
// that does not parse). The admin centre's parameter page edits the stored value; functions read it
// through the cached config (seen everywhere within the cache's TTL). Add a parameter here, never a
// second reader: its code, what it means, its type and its default.

const commaList = z
  .string()
  .transform((text) => text.split(/[,，\s]+/u).map((word) => word.trim()).filter(Boolean));

const entry = <T>(name: string, schema: z.ZodType<T, string>, fallback: T) => ({ name, schema, fallback });

export const PARAMETERS = {
  /** Inbound SMS texts that unsubscribe the mobile from non-critical business types (SPEC §9). */
  UNSUBSCRIBE_KEYWORDS: entry('退订关键字 (逗号分隔)', commaList, ['TD', '退订', 'T', 'N', 'STOP', 'UNSUBSCRIBE']),
  /** Test addresses for which the OUTBOX reports UNDELIVERED instead of DELIVERED (the local demo loop, README). */
  OUTBOX_UNDELIVERED_ADDRESSES: entry('发件箱模拟失败地址 (逗号分隔)', commaList, ['13900000404', 'undelivered@example.com']),
} as const;

export type ParameterCode = keyof typeof PARAMETERS;
export type ParameterValue<C extends ParameterCode> = (typeof PARAMETERS)[C]['fallback'];

/** The parameter's value as configured, or its default when it is missing or does not parse. */
export const readParameter = async <C extends ParameterCode>(config: ConfigReader, code: C): Promise<ParameterValue<C>> => {
  const definition = PARAMETERS[code];
  const stored = await config.get('parameter', code);
  if (!stored) return definition.fallback;
  const parsed = (definition.schema as z.ZodType<ParameterValue<C>, string>).safeParse(stored.value);
  return parsed.success ? parsed.data : definition.fallback;
};
