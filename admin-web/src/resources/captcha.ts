import * as z from 'zod/mini';
import { captchaRecord } from '../../../layers/contracts/captcha.ts';
import { tx } from '../i18n/text.ts';
import { configResource, recordResource } from './types.ts';

// 2 验证码设置. The record view omits the code hash and sealed text, as the API does.

export const captchaScene = configResource('captchaScene', {
  en: 'Captcha scenes',
  idFields: ['bizCode'],
  columns: ['bizCode', 'description', 'enabled', 'dailyLimit', 'validitySeconds', 'codeFormat', 'codeLength', 'delivery'],
});

export const captchaRecords = recordResource('captcha-records', {
  title: tx('验证码发送记录', 'Captcha send records'),
  schema: z.omit(captchaRecord(), { codeHash: true, sealedContent: true }),
  columns: ['createdAt', 'phone', 'bizCode', 'institution', 'seqNo', 'status', 'delivery', 'attempts', 'expiresAtIso'],
  rowKey: (item) => String(item.captchaId),
});
