import { useRef } from 'react';
import { api, type Page, type Query } from '../api/client.ts';
import type { Item } from '../resources/types.ts';

// The API pages with opaque cursors; the table pages by number. Remember the cursor that starts each
// page (per set of filters) and walk forward from the last known one when a page further on is asked.

export const useCursorPages = () => {
  const memory = useRef<{ key: string; cursors: (string | undefined)[] }>({ key: '', cursors: [undefined] });
  return async (path: string, query: Query, page: number, pageSize: number) => {
    const key = JSON.stringify([path, query, pageSize]);
    if (memory.current.key !== key) memory.current = { key, cursors: [undefined] };
    const { cursors } = memory.current;
    let known = Math.min(page - 1, cursors.length - 1);
    let result: Page<Item> = { items: [] };
    for (;;) {
      const cursor = cursors[known];
      if (known > 0 && cursor === undefined) break;
      result = await api.get<Page<Item>>(path, { ...query, limit: pageSize, cursor });
      cursors[known + 1] = result.cursor;
      if (known === page - 1) break;
      known += 1;
    }
    const reached = known === page - 1 ? page : known + 1;
    return { items: result.items, hasMore: result.cursor !== undefined, page: reached };
  };
};
