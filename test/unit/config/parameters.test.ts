import { describe, expect, it } from 'vitest';
import type { ConfigReader } from '#core/config-port';
import { readParameter } from '#core/parameters';

const readerWith = (values: Record<string, string>): ConfigReader => ({
  get: (async (entity: string, id: string) =>
    entity === 'parameter' && id in values ? { code: id, name: id, value: values[id] } : undefined) as ConfigReader['get'],
  list: (async () => []) as ConfigReader['list'],
});

describe('platform parameters read at runtime', () => {
  it('falls back to the default when the operator has not set the parameter', async () => {
    expect(await readParameter(readerWith({}), 'UNSUBSCRIBE_KEYWORDS')).toEqual(['TD', '退订', 'T', 'N', 'STOP', 'UNSUBSCRIBE']);
  });

  it('uses the stored value, split on commas (either width) and spaces', async () => {
    expect(await readParameter(readerWith({ UNSUBSCRIBE_KEYWORDS: 'QX， 取消,STOP' }), 'UNSUBSCRIBE_KEYWORDS')).toEqual(['QX', '取消', 'STOP']);
  });

  it('keeps the rescans\' stuck age within its bounds (5–120 minutes): outside them the default 5 applies', async () => {
    expect(await readParameter(readerWith({ RESCAN_STUCK_MINUTES: '15' }), 'RESCAN_STUCK_MINUTES')).toBe(15);
    for (const value of ['3', '121', 'soon', '']) expect(await readParameter(readerWith({ RESCAN_STUCK_MINUTES: value }), 'RESCAN_STUCK_MINUTES'), value).toBe(5);
  });
});
