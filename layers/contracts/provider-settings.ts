import * as z from 'zod/mini';
import { described } from './primitives.ts';
import type { ProviderKind } from './config-platform.ts';
import { MQ_OUTBOUND_QUEUE, MQ_TARGET_QUEUE_PREFIX, mqTargetRefusal } from './mq-targets.ts';
import { providerSecretRef } from './provider-secrets.ts';

// What each provider reads from a send type's `settings` (layers/adapters/providers/*): the admin
// centre draws a typed form from it instead of a JSON box. Credentials are named (`…Secret`: a
// Secrets Manager name or ARN), never typed in (provider-secrets.ts).

const optionalText = (max: number) => z.optional(z.string().check(z.maxLength(max)));

export const providerSettings = {
  SNS_SMS: z.object({ senderId: optionalText(11).check(z.describe('发送方 ID（部分国家/地区支持）')) }),
  HTTP_SMS: z.object({
    url: described(z.url(), { description: '短信网关地址 https://…' }),
    signingKeySecret: described(z.optional(providerSecretRef), { description: '签名密钥所在的 Secrets Manager 名称: message-platform/<stage>/providers/<name>' }),
    timeoutMs: described(z.optional(z.string().check(z.regex(/^\d{1,6}$/))), { description: '超时毫秒数，默认 5000' }),
  }),
  SES: z.object({ from: z.email().check(z.describe('发件人地址')), configurationSet: optionalText(64).check(z.describe('SES 配置集（可选）')) }),
  SNS_PUSH: z.object({ platformApplicationArn: optionalText(256).check(z.describe('推送平台应用 ARN（设备类型未配置时使用）')) }),
  SQS: z.object({
    queue: optionalText(80).check(z.refine((queue) => queue === undefined || mqTargetRefusal(queue) === undefined, { message: `须为 ${MQ_OUTBOUND_QUEUE} 或 ${MQ_TARGET_QUEUE_PREFIX}… (${MQ_OUTBOUND_QUEUE} or ${MQ_TARGET_QUEUE_PREFIX}…)` }), z.describe(`目标队列名称：${MQ_OUTBOUND_QUEUE}（默认）或本账号中以 ${MQ_TARGET_QUEUE_PREFIX} 开头的任意队列`)),
  }),
  OUTBOX: z.object({}),
} as const satisfies Record<ProviderKind, z.ZodMiniObject>;
