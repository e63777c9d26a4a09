import { captchaVerifyBody } from '#contracts/captcha';
import { documentClient } from '#adapters/aws-clients';
import { cachedConfig } from '#adapters/cached-config';
import { createCaptchaStore } from '#adapters/dynamo/captcha-store';
import { createConfigStore } from '#adapters/dynamo/config-store';
import { createRateCounter } from '#adapters/dynamo/rate-counter';
import { secretKey, secretsManagerClient } from '#adapters/secret-key';
import { verifyCaptcha } from '#core/captcha/verify-captcha';
import { apiKeyAuth } from '#runtime/api-key-auth';
import { functionEnvOf } from '#runtime/env';
import { httpHandler } from '#runtime/http-handler';
import { withInstitutionRate } from '#runtime/institution-rate';
import { countCaptchaVerify } from '#runtime/metrics';

const env = functionEnvOf('captchaVerify');
const doc = documentClient();
const config = cachedConfig(createConfigStore(doc, env.TABLE_CONFIG));
const deps = {
  store: createCaptchaStore(doc, env.TABLE_CAPTCHA),
  key: secretKey(secretsManagerClient(), env.SECRET_CAPTCHA_KEY_ID),
  now: () => new Date(),
};

export const handler = httpHandler({ body: captchaVerifyBody(), authenticate: withInstitutionRate(apiKeyAuth(config), { config, counter: createRateCounter(doc, env.TABLE_COUNTERS), now: () => new Date(), scope: 'captchaVerify' }) }, async (request) => {
  const verdict = await verifyCaptcha(deps, { ...request.body, institution: request.principal.institution });
  countCaptchaVerify(verdict.status);
  return verdict;
});
