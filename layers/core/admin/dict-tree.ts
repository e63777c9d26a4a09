import { defaultDictionary, type DictNode } from '#contracts/admin';
import type { ConfigReader } from '#core/config-port';
import { isDomainError } from '#core/errors';
import type { ConfigWriter } from './ports.ts';

/**
 * The seed says the system creates default dictionary entries; in AWS there is no seeding step, so
 * the first read of an empty dictionary creates them (concurrent first reads are harmless: creates
 * are conditional and an existing entry is kept).
 */
export const ensureDefaultDictionary = async (deps: { config: ConfigWriter; now: () => Date }): Promise<void> => {
  if ((await deps.config.list('dict')).length > 0) return;
  for (const entry of defaultDictionary) {
    try {
      await deps.config.put('dict', { ...entry }, { by: 'system', now: deps.now() });
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'ALREADY_EXISTS')) throw error;
    }
  }
};

/** The dictionary as a tree, children ordered by sort then code; orphans (parent gone) become roots. */
export const dictTree = async (deps: { config: ConfigReader }): Promise<DictNode[]> => {
  const entries = await deps.config.list('dict');
  const nodes = new Map<string, DictNode>(
    entries.map((e) => [
      e.id,
      {
        id: e.id,
        ...(e.parentId ? { parentId: e.parentId } : {}),
        code: e.code,
        label: e.label,
        ...(e.value !== undefined ? { value: e.value } : {}),
        sort: e.sort,
        version: e.version,
        children: [],
      },
    ]),
  );
  const roots: DictNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const order = (list: DictNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.code.localeCompare(b.code));
    list.forEach((n) => order(n.children));
  };
  order(roots);
  return roots;
};
