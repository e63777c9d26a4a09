import { describe, expect, it } from 'vitest';
import type { CallbackDelivery, CallbackDeliveryStore, StoredCallbackConfig } from '#core/callbacks/ports';
import { CALLBACK_BATCH_RECIPIENTS, enqueueRequestCallback } from '#core/callbacks/request-callback';

class FakeDeliveries implements CallbackDeliveryStore {
  readonly items = new Map<string, CallbackDelivery>();
  async create(d: CallbackDelivery) {
    if (this.items.has(d.id)) return false;
    this.items.set(d.id, structuredClone(d));
    return true;
  }
  async get(id: string) {
    return structuredClone(this.items.get(id));
  }
  async update(next: CallbackDelivery, expected: Pick<CallbackDelivery, 'attempts' | 'status'>) {
    const now = this.items.get(next.id);
    if (!now || now.attempts !== expected.attempts || now.status !== expected.status) return false;
    this.items.set(next.id, structuredClone(next));
    return true;
  }
}

const config: StoredCallbackConfig = { institution: 'I1', url: 'https://x.example/h', enabled: true, secretPrefix: 'abcdefgh', sealedSecret: 'sealed', version: 1, updatedAt: '', updatedBy: 'a' };
const recipients = (n: number) => Array.from({ length: n }, (_, index) => ({ sendId: 'S', channel: 'SMS', index, to: '139****0000', status: 'SUCCESS' }));

const setup = (failEnqueue = 0) => {
  const deliveries = new FakeDeliveries();
  const enqueued: string[] = [];
  let failures = failEnqueue;
  const deps = {
    configs: { get: async (institution: string) => (institution === 'I1' ? config : undefined) },
    deliveries,
    queue: {
      enqueue: async (id: string) => {
        if (failures-- > 0) throw new Error('SQS unavailable');
        enqueued.push(id);
      },
    },
    now: () => new Date('2026-12-01T00:00:00Z'),
  };
  return { deps, deliveries, enqueued };
};

describe('enqueueRequestCallback: the one trigger', () => {
  it('does nothing for an institution without a callback', async () => {
    const { deps, enqueued } = setup();
    expect(await enqueueRequestCallback(deps, { institution: 'I2', requestNo: 'R', outcome: 'DELIVERED', recipients: recipients(1) })).toBe('none');
    expect(enqueued).toEqual([]);
  });

  it('enqueues one batch per request however often it is called', async () => {
    const { deps, enqueued } = setup();
    const final = { institution: 'I1', requestNo: 'R', outcome: 'DELIVERED', recipients: recipients(3) };
    expect(await enqueueRequestCallback(deps, final)).toBe('enqueued');
    expect(await enqueueRequestCallback(deps, final)).toBe('already');
    expect(enqueued).toEqual(['I1#R#1']);
  });

  it(`splits a big request into batches of ${CALLBACK_BATCH_RECIPIENTS} recipients`, async () => {
    const { deps, deliveries, enqueued } = setup();
    await enqueueRequestCallback(deps, { institution: 'I1', requestNo: 'BIG', outcome: 'PARTIAL', recipients: recipients(450) });
    expect(enqueued).toEqual(['I1#BIG#1', 'I1#BIG#2', 'I1#BIG#3']);
    expect([...deliveries.items.values()].map((d) => [d.batch.part, d.batch.parts, d.recipientCount])).toEqual([
      [1, 3, 200],
      [2, 3, 200],
      [3, 3, 50],
    ]);
  });

  it('a trigger that stored the batch but could not enqueue it is finished by the next call', async () => {
    const { deps, enqueued } = setup(1);
    const final = { institution: 'I1', requestNo: 'R', outcome: 'FAILED', recipients: recipients(1) };
    await expect(enqueueRequestCallback(deps, final)).rejects.toThrow('SQS unavailable');
    expect(await enqueueRequestCallback(deps, final)).toBe('enqueued');
    expect(await enqueueRequestCallback(deps, final)).toBe('already');
    expect(enqueued).toEqual(['I1#R#1']);
  });
});
