import { references, type Reference } from '#contracts/config-references';

// The table of references lives in layers/contracts (the admin centre's reference pickers read it too).
export { references, type Reference };

/** Reads `a.b.c` of an item; undefined when any step is missing. */
export const fieldValue = (item: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), item);
