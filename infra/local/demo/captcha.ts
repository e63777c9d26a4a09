import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createConfigStore, type ConfigStore } from '#adapters/dynamo/config-store';
import { captchaScene, type CaptchaScene } from '#contracts/config-protection';
import { isDomainError } from '#core/errors';
import type { SeedContext } from '../platform.ts';

// Demo captcha scenes on the OUTBOX provider. The SMS send type SMS_OUTBOX is the pipeline demo's;
// it is written here only if absent, so the parts load in either order.

export const CAPTCHA_TEMPLATE = '验证码 ${code}（序号 ${seqNo}），${minutes} 分钟内有效，请勿泄露。';

const scenes: CaptchaScene[] = [
  captchaScene().parse({
    bizCode: 'LOGIN',
    description: '登录',
    templateId: 'CAPTCHA_TMPL',
    sendTypeId: 'SMS_OUTBOX',
    codeFormat: 'DIGITS',
    codeLength: 6,
    validitySeconds: 300,
    dailyLimit: 10,
    caseSensitive: false,
    delivery: 'DIRECT',
  }),
  captchaScene().parse({
    bizCode: 'RESET_PWD',
    description: '重置密码',
    templateId: 'CAPTCHA_TMPL',
    sendTypeId: 'SMS_OUTBOX',
    codeFormat: 'MIXED',
    codeLength: 6,
    validitySeconds: 300,
    dailyLimit: 10,
    caseSensitive: true,
    delivery: 'QUEUE',
  }),
];

const ignoreExisting = async (put: () => Promise<unknown>): Promise<void> => {
  try {
    await put();
  } catch (error) {
    if (!(isDomainError(error) && error.code === 'ALREADY_EXISTS')) throw error;
  }
};

export const loadCaptchaDemo = async (store: ConfigStore, now = new Date()): Promise<void> => {
  const by = { by: 'demo', now };
  await ignoreExisting(() => store.put('template', { id: 'CAPTCHA_TMPL', name: '验证码模板', title: '验证码', content: CAPTCHA_TEMPLATE }, by));
  await ignoreExisting(() => store.put('sendType', { id: 'SMS_OUTBOX', name: '短信 (outbox)', channel: 'SMS', provider: 'OUTBOX', settings: {}, enabled: true }, by));
  for (const scene of scenes) await ignoreExisting(() => store.put('captchaScene', scene, by));
};

export const captchaDemo = {
  name: 'captcha',
  load: (context: SeedContext) =>
    loadCaptchaDemo(createConfigStore(DynamoDBDocumentClient.from(context.dynamo.client), context.resolved.table('config'))),
};
