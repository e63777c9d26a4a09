import type { SeedContext } from '../platform.ts';
import { runOnce } from './run-once.ts';

/**
 * The demo configuration, loaded on the first start of a data directory. Each domain adds its part
 * to `demoParts`; every part writes through the same repositories the functions use.
 */
export const demoParts: { name: string; load: (context: SeedContext) => Promise<void> }[] = [];

export const seedDemo = async (context: SeedContext): Promise<void> => {
  await runOnce(context, 'demo', async () => {
    for (const part of demoParts) await part.load(context);
  });
};
