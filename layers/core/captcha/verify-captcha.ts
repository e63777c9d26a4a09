import { verifyOutcomes, type CaptchaRecord, type CaptchaVerifyBody, type CaptchaVerifyResult, type VerifyOutcome } from '#contracts/captcha';
import { requireMobile } from '#core/messages/recipient-rules';
import type { CaptchaRef, CaptchaStore, KeySource } from './captcha-port.ts';
import { codeMatches } from './code.ts';

export interface VerifyCaptchaDeps {
  store: CaptchaStore;
  key: KeySource;
  now: () => Date;
}

export type VerifyCaptchaInput = CaptchaVerifyBody & { institution: string };

/** Wrong attempts a code survives; the next attempt, right or wrong, is refused. */
export const MAX_WRONG_ATTEMPTS = 5;

const LIVE = ['INIT', 'SUCCESS'] as const;

/** The answer a record in a final state gives, whatever was typed. */
const settled = (record: CaptchaRecord): VerifyOutcome | undefined => {
  if (record.status === 'VERIFIED') return 'ALREADY_USED';
  if (record.status === 'EXPIRED') return 'EXPIRED';
  if (record.status === 'LOCKED' || record.attempts >= MAX_WRONG_ATTEMPTS) return 'TOO_MANY_ATTEMPTS';
  if (record.status === 'FAILED') return 'INVALID';
  return undefined;
};

/**
 * Seed 验证码验证流程, with the platform's security rules: only the newest code of the phone and scene
 * (the pointer) verifies; codes compare as HMACs in constant time; expiry is checked here, not left
 * to TTL; at most five wrong attempts, counted atomically; a code passes once (conditional write).
 */
export const verifyCaptcha = async (deps: VerifyCaptchaDeps, given: VerifyCaptchaInput): Promise<CaptchaVerifyResult> => {
  const input = { ...given, phoneNm: requireMobile(given.phoneNm, 'phoneNm') };
  const answer = (outcome: VerifyOutcome): CaptchaVerifyResult => ({
    status: outcome === 'PASS' ? 'PASS' : 'UNPASS',
    captchaId: input.captchaId,
    ...verifyOutcomes[outcome],
  });
  // Both reads always happen, so an unknown phone costs what a known one does. Both are the calling
  // institution's: another institution's captchaId or pointer is simply not found.
  const { institution } = input;
  const [pointer, record] = await Promise.all([
    deps.store.getPointer({ institution, phone: input.phoneNm, bizCode: input.bizCode }),
    deps.store.getRecord({ institution, captchaId: input.captchaId }),
  ]);
  if (
    !pointer ||
    !record ||
    pointer.captchaId !== record.captchaId ||
    record.phone !== input.phoneNm ||
    record.bizCode !== input.bizCode ||
    record.institution !== institution
  ) {
    return answer('INVALID');
  }
  const final = settled(record);
  if (final) return answer(final);
  if (record.seqNo !== input.seqNo) return answer('SEQ_MISMATCH');

  const now = deps.now();
  const at = now.toISOString();
  if (now.getTime() >= Date.parse(record.expiresAtIso)) {
    await deps.store.transition(record, [...LIVE], 'EXPIRED', {}, at);
    return answer('EXPIRED');
  }
  if (!codeMatches(await deps.key(), input.captcha, record.captchaId, record.caseSensitive, record.codeHash)) {
    const attempts = await deps.store.countWrongAttempt(record, MAX_WRONG_ATTEMPTS, at);
    if (attempts === undefined) return answer(await settledNow(deps, record, 'TOO_MANY_ATTEMPTS'));
    if (attempts >= MAX_WRONG_ATTEMPTS) await deps.store.transition(record, [...LIVE], 'LOCKED', {}, at);
    return answer('WRONG_CODE');
  }
  if (await deps.store.markVerified(record, MAX_WRONG_ATTEMPTS, at)) return answer('PASS');
  // Another verify (or the attempt limit) got there first.
  return answer(await settledNow(deps, record, 'ALREADY_USED'));
};

const settledNow = async (deps: VerifyCaptchaDeps, ref: CaptchaRef, fallback: VerifyOutcome): Promise<VerifyOutcome> => {
  const current = await deps.store.getRecord(ref);
  return (current && settled(current)) ?? fallback;
};
