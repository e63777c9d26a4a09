import { describe, expect, it } from 'vitest';
import { deferred } from '#adapters/providers/index';
import type { OutboundMessage, Provider } from '#core/providers';

// A provider whose module loads on first send (what keeps SNS, SES and Secrets Manager out of a
// sender's cold start when its send types do not use them).

const message = { channel: 'SMS', to: '13800000000', content: 'hi' } as unknown as OutboundMessage;
const provider: Provider = { send: async () => ({ providerMessageId: 'p-1' }) };

describe('deferred provider', () => {
  it('loads nothing until the first send, then loads once for every send, concurrent ones too', async () => {
    let loads = 0;
    const lazyProvider = deferred(async () => (loads++, provider));
    expect(loads).toBe(0);
    const answers = await Promise.all([lazyProvider.send(message, {}), lazyProvider.send(message, {})]);
    await lazyProvider.send(message, {});
    expect({ loads, answers }).toEqual({ loads: 1, answers: [{ providerMessageId: 'p-1' }, { providerMessageId: 'p-1' }] });
  });

  it('fails the send when loading fails, and tries the load again on the next send', async () => {
    let loads = 0;
    const lazyProvider = deferred(async () => {
      if (++loads === 1) throw new Error('module missing');
      return provider;
    });
    await expect(lazyProvider.send(message, {})).rejects.toThrow('module missing');
    await expect(lazyProvider.send(message, {})).resolves.toEqual({ providerMessageId: 'p-1' });
    expect(loads).toBe(2);
  });
});
