// Reading the shards of one day partition (day-partition.ts) as if they were one partition: each
// shard is queried in sort-key order and the answers are merged. An item is handed out only when no
// shard still unread could hold one that sorts before it (every shard read up to a point past it, or
// finished), so the merged order is exact whatever the shards hold. Where each shard stopped is the
// cursor's position: a page ends anywhere and the next one starts there.

/** Per shard key: where its next read starts (DynamoDB's key), 0 when it is finished, absent: from its start. */
export type ShardPositions = Record<string, Record<string, unknown> | 0>;

export interface ShardAnswer {
  items: Record<string, unknown>[];
  next?: Record<string, unknown> | undefined;
  /** Items DynamoDB read (before a filter). */
  scanned: number;
}

export interface MergeOptions {
  /** Items to hand out at most. */
  take: number;
  /** Query one shard: `limit` items from `start`. */
  query: (pk: string, limit: number, start: Record<string, unknown> | undefined) => Promise<ShardAnswer>;
  /** Items per shard query. */
  readLimit: number;
  order: 'asc' | 'desc';
  /** The attribute the shards are sorted by (`sk`, `gsi1sk`, `daysk`…). */
  sortKey: string;
  /** Key attributes of an item: a position that resumes right after it. */
  keyNames: string[];
  /** Read rounds (one query per shard that needs one, in parallel) at most. */
  maxRounds: number;
}

interface Shard {
  pk: string;
  /** Where the next read starts; undefined: from the start. */
  start: Record<string, unknown> | undefined;
  /** The position this call found the shard at: where it resumes when nothing of it was handed out. */
  resumeAt: Record<string, unknown> | undefined;
  done: boolean;
  buffer: Record<string, unknown>[];
  read: boolean;
}

export const readShardsMerged = async (shards: string[], positions: ShardPositions | undefined, o: MergeOptions) => {
  const state: Shard[] = shards.map((pk) => {
    const at = positions?.[pk];
    return { pk, start: at || undefined, resumeAt: at || undefined, done: at === 0, buffer: [], read: false };
  });
  const sortOf = (item: Record<string, unknown> | undefined) => String(item?.[o.sortKey] ?? '');
  // desc: a bigger sort key comes first. `before(a, b)`: a is handed out before b.
  const before = (a: string, b: string) => (o.order === 'desc' ? a > b : a < b);
  const keyOf = (item: Record<string, unknown>) => Object.fromEntries(o.keyNames.map((name) => [name, item[name]]));
  const out: Record<string, unknown>[] = [];
  let scanned = 0;

  for (let round = 0; round < o.maxRounds && out.length < o.take; round++) {
    const needed = state.filter((s) => !s.done && s.buffer.length === 0);
    await Promise.all(
      needed.map(async (s) => {
        const answer = await o.query(s.pk, o.readLimit, s.start);
        scanned += answer.scanned;
        s.buffer.push(...answer.items);
        s.start = answer.next;
        s.done = !answer.next;
        s.read = true;
      }),
    );
    while (out.length < o.take) {
      let head: Shard | undefined;
      for (const s of state) if (s.buffer.length && (!head || before(sortOf(s.buffer[0]), sortOf(head.buffer[0])))) head = s;
      if (!head) break;
      const candidate = sortOf(head.buffer[0]);
      // A shard with nothing buffered and more to read may hold something that sorts first.
      const blocked = state.some((s) => !s.done && s.buffer.length === 0 && (!s.read || !before(candidate, sortOf(s.start))));
      if (blocked) break;
      const item = head.buffer.shift()!;
      out.push(item);
      head.resumeAt = keyOf(item);
    }
    if (state.every((s) => s.done && s.buffer.length === 0)) break;
  }

  const next: ShardPositions = {};
  for (const s of state) {
    if (s.buffer.length) {
      if (s.resumeAt) next[s.pk] = s.resumeAt;
    } else if (s.done) next[s.pk] = 0;
    else if (s.start) next[s.pk] = s.start;
  }
  const finished = state.every((s) => s.done && s.buffer.length === 0);
  return { items: out, scanned, ...(finished ? {} : { next }) };
};
