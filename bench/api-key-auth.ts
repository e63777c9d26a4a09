import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { cachedConfig } from '../layers/adapters/cached-config.ts';
import { createConfigStore } from '../layers/adapters/dynamo/config-store.ts';
import { apiKeyAuth, hashApiKey } from '../layers/runtime/api-key-auth.ts';
import { startDynamo } from '../infra/local/dynamodb.ts';
import { LOCAL_REGION, localCredentials } from '../infra/local/local-aws.ts';
import { manifest } from '../infra/manifest/index.ts';
import { httpEvent } from '../test/support/fakes/intake-handler-env.ts';
import { startCountingProxy, type Counts } from './counting-proxy.ts';
import { percentile, round } from './stats.ts';

const REQUESTS = 200;
const ROUND = 20; // the variants alternate in rounds of 20, so all see the same machine load
const KEY = 'bench-auth-key';

interface Variant {
  p50Ms: number;
  p95Ms: number;
  /** DynamoDB requests and read units per authenticated request, as the counting proxy saw them. */
  requestsPerCall: number;
  readUnitsPerCall: number;
}

/**
 * What reading the API key and its institution on every request costs (issue #11.5): the API-key
 * check as deployed (`live`: key and institution read live, strongly consistent) against the same
 * check over the 30 s per-container cache it used before (`cached`, warm), 200 checks each against
 * DynamoDB Local behind the counting proxy, in the same run. Latency is the check alone, event to
 * caller. On AWS a GetItem in the region takes a few ms, so expect the added p50 there to be about
 * two GetItems' worth rather than the local figure.
 */
export async function benchApiKeyAuth(
  requests = REQUESTS,
): Promise<{ requests: number; live: Variant; cached: Variant; addedP50Ms: number; reference: { oneGetItem: Variant; batchGetOfBoth: Variant } }> {
  const dynamo = await startDynamo(manifest, { prefix: `bench-auth-${randomBytes(3).toString('hex')}` });
  const proxy = await startCountingProxy(dynamo.endpoint, 'dynamodb');
  try {
    const client = new DynamoDBClient({ endpoint: proxy.endpoint, region: LOCAL_REGION, credentials: localCredentials });
    const doc = DynamoDBDocumentClient.from(client);
    const table = dynamo.tableName('config');
    const store = createConfigStore(doc, table);
    await store.put('institution', { code: 'BENCH', name: 'bench', enabled: true }, { by: 'bench' });
    await store.put('apiKey', { keyHash: hashApiKey(KEY), institution: 'BENCH', prefix: 'bench-au', createdAt: new Date().toISOString() }, { by: 'bench' });
    const event = httpEvent('POST', '/api/hcmsg/sendMessage', { apiKey: KEY });
    const keyItem = { pk: 'CFG#apiKey', sk: hashApiKey(KEY) };
    const checks = {
      live: apiKeyAuth(cachedConfig(store)),
      // The check as it was: keys and institutions served from the cache like every other entity.
      cached: apiKeyAuth(cachedConfig(store, 30_000, Date.now, new Set())),
      // References for the design choice: one consistent GetItem alone, and both items in one
      // BatchGetItem (possible only if the institution were known before the key is read).
      oneGetItem: () => doc.send(new GetCommand({ TableName: table, Key: keyItem, ConsistentRead: true })),
      batchGetOfBoth: () =>
        doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [keyItem, { pk: 'CFG#institution', sk: 'BENCH' }], ConsistentRead: true } } })),
    };
    type Name = keyof typeof checks;
    const names = Object.keys(checks) as Name[];
    const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Name, number[]>;
    const seen = Object.fromEntries(names.map((n) => [n, { requests: 0, readUnits: 0 }])) as Record<Name, { requests: number; readUnits: number }>;
    const tally = (into: { requests: number; readUnits: number }, counts: Counts) => {
      into.requests += Object.values(counts.requests).reduce((a, b) => a + b, 0);
      into.readUnits += counts.readUnits;
    };
    // Warm-up: DynamoDB Local's JIT, the sockets and the cache.
    for (let i = 0; i < ROUND; i++) for (const name of names) await checks[name](event);
    for (let done = 0; done < requests; done += ROUND) {
      for (const name of names) {
        proxy.reset();
        for (let i = 0; i < ROUND; i++) {
          const t0 = performance.now();
          await checks[name](event);
          samples[name].push(performance.now() - t0);
        }
        tally(seen[name], proxy.counts);
      }
    }
    const variant = (name: Name): Variant => ({
      p50Ms: round(percentile(samples[name], 50), 2),
      p95Ms: round(percentile(samples[name], 95), 2),
      requestsPerCall: round(seen[name].requests / samples[name].length, 2),
      readUnitsPerCall: round(seen[name].readUnits / samples[name].length, 2),
    });
    const live = variant('live');
    const cached = variant('cached');
    return {
      requests: samples.live.length,
      live,
      cached,
      addedP50Ms: round(live.p50Ms - cached.p50Ms, 2),
      reference: { oneGetItem: variant('oneGetItem'), batchGetOfBoth: variant('batchGetOfBoth') },
    };
  } finally {
    await proxy.stop();
    await dynamo.stop();
  }
}
