import type { SeedContext } from '../platform.ts';
import { attachmentsDemo } from './attachments.ts';
import { captchaDemo } from './captcha.ts';
import { devicesDemo } from './devices.ts';
import { dictionaryDemo } from './dictionary.ts';
import { interceptionDemo } from './interception.ts';
import { mqTargetDemo } from './mq-target.ts';
import { partnerCodesDemo } from './partner-codes.ts';
import { pipelineDemo } from './pipeline.ts';
import { runOnce } from './run-once.ts';

/**
 * The demo configuration, loaded on the first start of a data directory. Each domain contributes a
 * part (a file beside this one); every part writes through the same repositories the functions use,
 * and overwrites rather than fails, so an interrupted first start can load again.
 */
const demoParts: { name: string; load: (context: SeedContext) => Promise<void> }[] = [
  // pipeline, captcha, interception and admin parts are added here as they land
  pipelineDemo,
  captchaDemo,
  interceptionDemo,
  dictionaryDemo,
  attachmentsDemo,
  mqTargetDemo,
  partnerCodesDemo,
  devicesDemo,
];

export const seedDemo = async (context: SeedContext): Promise<void> => {
  await runOnce(context, 'demo', async () => {
    for (const part of demoParts) await part.load(context);
  });
};
