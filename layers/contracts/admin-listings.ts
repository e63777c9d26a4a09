import * as z from 'zod/mini';
import { recordQueryOf } from './admin-routes-records.ts';
import { configFilters, dateRange, filterValue, outboxQuery, pageQuery, type RecordKind } from './admin.ts';
import type { ConfigEntityName } from './config-registry.ts';

// The search of every admin listing, in one place for both sides: the query schema each list route
// validates (the API's router parses with it) and the filter names derived from it (the admin
// centre's search form sends exactly these). A filter added to a query is searchable on the site.

/** GET /api/admin/config/{entity}: paging, the entity's exact-match filters, and dict's tree switch. */
export const configListQueryOf = (entity: ConfigEntityName) =>
  z.extend(pageQuery, {
    ...Object.fromEntries((configFilters[entity] as readonly string[]).map((f) => [f, z.optional(filterValue())])),
    tree: z.optional(z.enum(['1', 'true'])).check(z.describe('dict only: the dictionary tree')),
  });

/** The query's own filters: every key but paging, the date range and switches. */
const filtersOf = (query: z.ZodMiniObject, controls: readonly string[]): string[] => Object.keys(query.shape).filter((key) => !controls.includes(key));

const PAGING = Object.keys(pageQuery.shape);

export const listingFilters = {
  config: (entity: ConfigEntityName) => filtersOf(configListQueryOf(entity), [...PAGING, 'tree']),
  /** Records take from/to as the date range (outbox's `to` is its own address filter, see below). */
  records: (kind: RecordKind) => filtersOf(recordQueryOf(kind), [...PAGING, ...Object.keys(dateRange.shape)]),
  outbox: () => filtersOf(outboxQuery, PAGING),
};
