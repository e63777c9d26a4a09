import type { CaptchaFormat } from '#contracts/captcha';
import { MIN_CODE_LENGTH, type CaptchaScene } from '#contracts/config-protection';

/**
 * Code formats, weakest first. Each alphabet is larger than the one before whether or not the scene
 * is case sensitive (DIGITS 10; LETTERS 48, 24 ignoring case; MIXED 56, 32 ignoring case).
 */
export const FORMAT_STRENGTH: readonly CaptchaFormat[] = ['DIGITS', 'LETTERS', 'MIXED'];

const strength = (format: CaptchaFormat): number => FORMAT_STRENGTH.indexOf(format);

export interface CodeSpec {
  format: CaptchaFormat;
  length: number;
}

/**
 * What a send issues. The scene's configuration is the floor: the caller's captchaType (the seed's
 * optional CAPTCHA_TYPE) may ask for a stronger format and gets it; a weaker one is ignored rather
 * than refused, so hardening a scene never breaks callers that always send, say, DIGITS — their
 * users get the stronger code the operator chose. The length is the scene's, never below the
 * platform's floor (a scene stored before the floor existed is raised to it).
 */
export const codeSpec = (scene: Pick<CaptchaScene, 'codeFormat' | 'codeLength'>, requested: CaptchaFormat | '' | null | undefined): CodeSpec => ({
  format: requested && strength(requested) > strength(scene.codeFormat) ? requested : scene.codeFormat,
  length: Math.max(scene.codeLength, MIN_CODE_LENGTH),
});
