import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ConfigReader } from '#core/config-port';
import type { Screen } from '#core/interception/screen-port';
import { screenRecipients } from '#core/interception/screen-recipients';
import { createCapCounter } from './cap-counters.ts';
import { createInterceptionStore } from './interception-store.ts';
import { createListLookup, type ListLookupOptions } from './list-lookup.ts';

export interface ScreenAdapterDeps {
  doc: DynamoDBDocumentClient;
  /** Strategies, their business-type links and bizType.critical: small, so the cached config reader. */
  config: ConfigReader;
  tables: { config: string; counters: string; messages: string };
  /** Key-lookup cache for blacklist, whitelist and e-mail domains (default 30 s TTL). */
  lists?: ListLookupOptions;
}

/**
 * The Screen the split consumer uses. Build it once per container (module scope) so the list cache
 * lives across invocations:
 *   createScreen({ doc: documentClient(), config, tables: { config: env.TABLE_CONFIG, counters: env.TABLE_COUNTERS, messages: env.TABLE_MESSAGES } })
 */
export const createScreen = (deps: ScreenAdapterDeps): Screen => {
  const lists = createListLookup(deps.doc, deps.tables.config, deps.lists);
  const counters = createCapCounter(deps.doc, deps.tables.counters);
  const store = createInterceptionStore(deps.doc, deps.tables.messages);
  return {
    screen: (input) => screenRecipients({ config: deps.config, lists, counters }, input),
    recordInterceptions: (records) => store.recordInterceptions(records),
    recordInterceptedRequest: (request) => store.recordInterceptedRequest(request),
  };
};
