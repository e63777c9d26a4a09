import type { FunctionSpec } from './types.ts';

/** SNS SMS has no resource of ours to bind: the grant is the action itself. */
const smsPublish = { actions: ['sns:Publish'], reason: 'captcha SMS delivered directly through Amazon SNS (SNS_SMS send types)', scope: 'smsRegion' } as const;

/** 验证码: send and verify one-time codes (seed flows 2 and 3). */
export const captchaFunctions = {
  captchaSend: {
    entry: 'functions/http/captcha-send.ts',
    memoryMb: 512,
    timeoutSeconds: 15,
    triggers: [{ type: 'http', method: 'POST', path: '/api/hcmsg/captcha/send', auth: 'apiKey' }],
    bindings: {
      // messages: the OUTBOX provider records direct sends there.
      tables: { config: 'read', captcha: 'readWrite', messages: 'readWrite', counters: 'readWrite' },
      queues: ['smsGreen'],
      secrets: ['captchaKey'],
      // Direct captcha SMS through an HTTP_SMS send type: its signing key.
      providerSecrets: true,
      services: [smsPublish],
    },
  },
  captchaVerify: {
    entry: 'functions/http/captcha-verify.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    triggers: [{ type: 'http', method: 'POST', path: '/api/hcmsg/captcha/verify', auth: 'apiKey' }],
    bindings: { tables: { config: 'read', captcha: 'readWrite', counters: 'readWrite' }, secrets: ['captchaKey'] },
  },
} as const satisfies Record<string, FunctionSpec>;
