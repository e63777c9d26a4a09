import * as z from 'zod/mini';
import type { ConfigReader } from './config-port.ts';

// The platform parameters (参数配置, MSG_PARAMETER_CONFIG) the code reads at runtime: one typed entry
// per parameter code, with the value used when an operator has not set it (or set it to something
// that does not parse). The admin centre's parameter page edits the stored value; functions read it
// through the cached config (seen everywhere within the cache's TTL). Add a parameter here, never a
// second reader: its code, what it means, its type and its default.

const commaList = () => z.pipe(z
  .string(), z.transform((text) => text.split(/[,，\s]+/u).map((word) => word.trim()).filter(Boolean)));

/** `NAME=number` pairs; a pair that does not parse is refused as a whole (the default applies). */
const rateList = () => z.pipe(z.string(), z.transform((text, ctx) => {
  const out: Record<string, number> = {};
  for (const pair of text.split(/[,，\s]+/u).filter(Boolean)) {
    const [name, value] = pair.split('=');
    const n = Number(value);
    if (!name || !Number.isFinite(n) || n <= 0) ctx.issues.push({ code: 'custom', message: `not NAME=number: ${pair}`, input: text });
    else out[name.trim()] = n;
  }
  return out;
}));
const integer = (min: number, max: number) => z.pipe(z.pipe(z.string().check(z.trim(), z.regex(/^-?\d+$/)), z.transform(Number)), z.int().check(z.gte(min), z.lte(max)));
const count = () => z.pipe(z
  .string().check(z.regex(/^\s*\d+\s*$/u)), z.transform((text) => Number(text.trim())));

/**
 * A parameter's schema is built the first time it is read: a function reads a few of them, and
 * building all at load cost every cold start some 80 zod objects (docs/ARCHITECTURE.md → Cold starts).
 */
const entry = <T>(name: string, build: () => z.ZodMiniType<T, string>, fallback: T) => {
  let schema: z.ZodMiniType<T, string> | undefined;
  return {
    name,
    fallback,
    get schema() {
      return (schema ??= build());
    },
  };
};

export const PARAMETERS = {
  /** Inbound SMS texts that unsubscribe the mobile from non-critical business types (SPEC §9). */
  UNSUBSCRIBE_KEYWORDS: entry('退订关键字 (逗号分隔)', commaList, ['TD', '退订', 'T', 'N', 'STOP', 'UNSUBSCRIBE']),
  /** Messages per second each provider takes, shared by every sender (SPEC §11), e.g. `SNS_SMS=20,SES=14`. */
  PROVIDER_RATE_LIMITS: entry('服务商每秒发送上限 (服务商=条数, 逗号分隔)', rateList, { SNS_SMS: 20, HTTP_SMS: 100, SES: 14, SNS_PUSH: 300, SQS: 3000, OUTBOX: 1000 } as Record<string, number>),
  /** A failed send's first retry waits this long; each further one twice as long (send consumers). */
  RETRY_BACKOFF_BASE_SECONDS: entry('发送失败重试初始间隔 (秒)', () => integer(1, 3600), 30),
  /** …up to this; beyond SQS's 900 s delay the rescan picks the record up when due. */
  RETRY_BACKOFF_MAX_SECONDS: entry('发送失败重试最大间隔 (秒)', () => integer(1, 86_400), 900),
  /** Business types of at least this priority travel the green lanes (the seed's 业务类型优先级); 10 = only those marked 绿色通道. */
  GREEN_LANE_MIN_PRIORITY: entry('绿色通道最低业务优先级 (0-9, 10 关闭)', () => integer(0, 10), 10),
  /**
   * How long a request may stay PROCESSING, or a send record SENDING, before the rescans treat its
   * consumer as dead and pick it up again. At least 5 min: a sender takes a stale claim over only then
   * (core/delivery/timing.ts STALE_MS, above every consumer's timeout), so a shorter age would only hand
   * claims to consumers that refuse them.
   */
  RESCAN_STUCK_MINUTES: entry('处理中/发送中多久视为卡住并重新扫描 (分钟, 5-120)', () => integer(5, 120), 5),
  /** How far ahead a request's sendAt may be (scheduled sends). */
  SEND_AT_MAX_DAYS: entry('定时发送最长提前天数', () => integer(1, 365), 30),
  /** Excel imports and recipient files (SPEC §10): rows after the header, bytes as uploaded, bytes once unzipped (zip bombs). */
  FILE_MAX_ROWS: entry('导入/文件请求最大行数', count, 100_000),
  FILE_MAX_BYTES: entry('导入/文件请求最大字节数', count, 50 * 1024 * 1024),
  FILE_MAX_UNZIPPED_BYTES: entry('xlsx 解压后最大字节数', count, 400 * 1024 * 1024),
  /** Rows per chunk message of a file job (one request per chunk of a recipient file); fixed on the job when its file is first read. */
  FILE_CHUNK_ROWS: entry('导入/文件请求每批行数', () => integer(10, 1000), 500),
  /** E-mail attachments (enclosureInfo): size and the types accepted, both checked on the stored object. */
  ATTACHMENT_MAX_BYTES: entry('邮件附件最大字节数', count, 10 * 1024 * 1024),
  ATTACHMENT_TYPES: entry('邮件附件允许的类型 (逗号分隔)', commaList, ['pdf', 'png', 'jpg', 'gif', 'txt', 'csv', 'xlsx', 'docx']),
  /** Public API calls per institution per minute and route, unless the institution sets its own (0 = no limit). */
  API_RATE_LIMIT_PER_MINUTE: entry('每个系统标识每分钟的接口调用上限 (0 不限)', () => z.pipe(z.string().check(z.trim(), z.regex(/^\d+$/)), z.transform(Number)), 600),
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
  const parsed = (definition.schema as z.ZodMiniType<ParameterValue<C>, string>).safeParse(stored.value);
  return parsed.success ? parsed.data : definition.fallback;
};
