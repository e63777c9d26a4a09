import type { ApplyRef, CaptchaRef, PhoneScene } from '#core/captcha/captcha-port';

// Captcha table partition keys (docs/ARCHITECTURE.md, "captcha table"); every item's sk is META.
// The institution leads every key: institution codes cannot contain '#', so no value another
// institution sends (a captchaId or reqId with '#' in it) can reach into its partition.

export const captchaKeys = {
  apply: (a: ApplyRef) => `APPLY#${a.institution}#${a.reqId}`,
  record: (r: CaptchaRef) => `CAPTCHA#${r.institution}#${r.captchaId}`,
  latest: (s: PhoneScene) => `LATEST#${s.institution}#${s.phone}#${s.bizCode}`,
  cooldown: (s: PhoneScene) => `COOL#${s.institution}#${s.phone}#${s.bizCode}`,
  seq: (s: PhoneScene, day: string) => `SEQ#${s.institution}#${s.phone}#${s.bizCode}#${day}`,
};
