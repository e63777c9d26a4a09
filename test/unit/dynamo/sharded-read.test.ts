import { describe, expect, it } from 'vitest';
import { DAY_KINDS, DAY_SHARDS, dayPartition, dayShardKeys } from '#adapters/dynamo/day-partition';
import { readShardsMerged, type ShardPositions } from '#adapters/dynamo/sharded-read';

// Shards in memory, queried as DynamoDB would: sorted, a page of `limit` items read, a filter applied
// after the read (so a page may hold nothing and still have more).
const shardsOf = (items: { pk: string; sk: string; keep: boolean }[]) => {
  const byPk = new Map<string, { pk: string; sk: string; keep: boolean }[]>();
  for (const item of items) byPk.set(item.pk, [...(byPk.get(item.pk) ?? []), item]);
  for (const list of byPk.values()) list.sort((a, b) => (a.sk < b.sk ? 1 : -1));
  return byPk;
};

const query = (byPk: ReturnType<typeof shardsOf>) => async (pk: string, limit: number, start: Record<string, unknown> | undefined) => {
  const all = byPk.get(pk) ?? [];
  const from = start ? all.findIndex((i) => i.sk === start.sk) + 1 : 0;
  const read = all.slice(from, from + limit);
  const more = from + limit < all.length;
  return { items: read.filter((i) => i.keep), scanned: read.length, next: more ? { pk, sk: read[read.length - 1]!.sk } : undefined };
};

describe('day partitions: sharded writes, merged reads', () => {
  it('spreads a busy day so no key takes more than 1/16 of its writes', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const pk = dayPartition(DAY_KINDS.send, '2026-12-01', `id-${i}`);
      counts.set(pk, (counts.get(pk) ?? 0) + 1);
    }
    expect(counts.size).toBe(DAY_SHARDS);
    expect(Math.max(...counts.values()) / 20_000).toBeLessThanOrEqual(1 / 16);
    expect([...counts.keys()].every((pk) => dayShardKeys(DAY_KINDS.send, '2026-12-01').includes(pk))).toBe(true);
    // Low-volume kinds keep their old, unsharded key.
    expect(dayPartition(DAY_KINDS.audit, '2026-12-01', 'x')).toBe('AUDITDAY#2026-12-01');
  });

  it('pages through every shard newest first, exactly once, with sparse filters and equal sort keys', async () => {
    const keys = dayShardKeys(DAY_KINDS.outbox, '2026-12-01').slice(0, 6);
    const items = Array.from({ length: 240 }, (_, i) => ({ pk: keys[(i * 7) % 6]!, sk: `t${String(Math.floor(i / 2)).padStart(4, '0')}#${i}`, keep: i % 3 !== 0 }));
    const byPk = shardsOf(items);
    const expected = items.filter((i) => i.keep).map((i) => i.sk).sort().reverse();
    const seen: string[] = [];
    let positions: ShardPositions | undefined;
    let pages = 0;
    do {
      const page = await readShardsMerged(keys, positions, { take: 9, query: query(byPk), readLimit: 4, order: 'desc', sortKey: 'sk', keyNames: ['pk', 'sk'], maxRounds: 40 });
      // A cursor goes through JSON like the API's.
      positions = page.next ? (JSON.parse(JSON.stringify(page.next)) as ShardPositions) : undefined;
      seen.push(...page.items.map((i) => String(i.sk)));
      pages++;
    } while (positions && pages < 200);
    expect(seen).toEqual(expected);
  });

  it('reads in ascending order too (the in-flight sweep)', async () => {
    const keys = ['A', 'B', 'C'];
    const items = Array.from({ length: 50 }, (_, i) => ({ pk: keys[i % 3]!, sk: String(1000 + i), keep: true }));
    const byPk = new Map([...shardsOf(items)].map(([pk, list]) => [pk, [...list].reverse()]));
    const page = await readShardsMerged(keys, undefined, { take: 50, query: query(byPk), readLimit: 5, order: 'asc', sortKey: 'sk', keyNames: ['pk', 'sk'], maxRounds: 50 });
    expect(page.items.map((i) => i.sk)).toEqual(items.map((i) => i.sk));
    expect(page.next).toBeUndefined();
  });
});
