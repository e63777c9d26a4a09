import { describe, expect, it } from 'vitest';
import { cachedConfig } from '#adapters/cached-config';
import type { ConfigReader } from '#core/config-port';
import { memoryConfig } from '../../support/fakes/admin-config-fake.ts';

const TTL = 30_000;
const template = (id: string, content = 'hello') => ({ id, name: id, title: id, content });

/** The in-memory store behind a cache, counting the reads that reach it; the clock is the test's. */
const setup = () => {
  const store = memoryConfig();
  const reads = { list: 0, get: 0 };
  let failNext = false;
  const source: ConfigReader = {
    get: ((entity, id) => {
      reads.get++;
      return store.get(entity, id);
    }) as ConfigReader['get'],
    list: ((entity) => {
      reads.list++;
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('ProvisionedThroughputExceededException'));
      }
      return store.list(entity);
    }) as ConfigReader['list'],
  };
  const clock = { ms: 1_000_000 };
  const config = cachedConfig(source, TTL, () => clock.ms);
  return { store, reads, clock, config, failOnce: () => (failNext = true) };
};

describe('cachedConfig', () => {
  it('serves a value from the cache within the TTL and reads it again after', async () => {
    const { store, reads, clock, config } = setup();
    await store.put('template', template('T1', 'v1'), { by: 'test' });
    expect((await config.get('template', 'T1'))?.content).toBe('v1');
    const { version } = (await store.get('template', 'T1'))!;
    await store.put('template', template('T1', 'v2'), { by: 'test', expectedVersion: version });
    clock.ms += TTL - 1;
    expect((await config.get('template', 'T1'))?.content).toBe('v1');
    expect(reads.list).toBe(1);
    clock.ms += 1;
    expect((await config.get('template', 'T1'))?.content).toBe('v2');
    expect(reads.list).toBe(2);
  });

  it('a miss is cached for the TTL only: an item created meanwhile is found once it has passed', async () => {
    const { store, reads, clock, config } = setup();
    expect(await config.get('template', 'LATE')).toBeUndefined();
    await store.put('template', template('LATE'), { by: 'test' });
    clock.ms += TTL - 1;
    expect(await config.get('template', 'LATE')).toBeUndefined();
    expect(reads.list).toBe(1);
    clock.ms += 1;
    expect((await config.get('template', 'LATE'))?.id).toBe('LATE');
  });

  it('a failed read is not cached: the next call reads again', async () => {
    const { store, reads, config, failOnce } = setup();
    await store.put('template', template('T1'), { by: 'test' });
    failOnce();
    await expect(config.get('template', 'T1')).rejects.toThrow('ProvisionedThroughput');
    expect((await config.get('template', 'T1'))?.id).toBe('T1');
    expect(reads.list).toBe(2);
  });

  it('API keys and institutions are never cached: every lookup reads the item itself, so a change counts at once', async () => {
    const { store, reads, config } = setup();
    await store.put('institution', { code: 'OUT', name: 'out', enabled: true }, { by: 'test' });
    expect((await config.get('institution', 'OUT'))?.enabled).toBe(true);
    await store.put('institution', { code: 'OUT', name: 'out', enabled: false }, { by: 'test', expectedVersion: 1 });
    expect((await config.get('institution', 'OUT'))?.enabled).toBe(false);
    expect(await config.get('apiKey', 'f'.repeat(64))).toBeUndefined();
    await store.put('apiKey', { keyHash: 'f'.repeat(64), institution: 'OUT', prefix: 'p', createdAt: '2024-01-01T00:00:00Z' }, { by: 'test' });
    expect((await config.get('apiKey', 'f'.repeat(64)))?.institution).toBe('OUT');
    expect(reads).toEqual({ get: 4, list: 0 });
  });
});
