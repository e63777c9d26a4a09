import { leasedLimiter } from '#core/failover/leased-limiter';
import type { SendRecord } from '#contracts/records';
import type { SendType } from '#contracts/config-platform';
import { createSwitchLogWriter } from '#adapters/dynamo/switch-log-store';
import { createBreakerStore, createRateLimiter } from '#adapters/dynamo/provider-guard-store';
import { createSendRecordStore } from '#adapters/dynamo/send-record-store';
import { sendIdOf } from '#core/delivery/ids';
import type { SendRecordDeps } from '#core/delivery/send-record';
import { createProviderGuard } from '#core/failover/provider-guard';
import { ProviderError, type OutboundMessage, type Provider } from '#core/providers';
import type { TestTables } from '../tables.ts';
import { fakeConfig } from './interception-fakes.ts';
import { sampleSendRecord } from './admin-records-seed.ts';

/** A provider that counts its calls per second of the test's clock, and fails or throttles on demand. */
export const countingProvider = (name: string, clock: { now: () => Date }) => {
  const perSecond = new Map<number, number>();
  const state = { down: false, throttleNext: 0, calls: [] as OutboundMessage[] };
  const provider: Provider = {
    async send(message) {
      if (state.throttleNext > 0) {
        state.throttleNext--;
        throw new ProviderError(`${name}: TooManyRequestsException`, true, true);
      }
      const second = Math.floor(clock.now().getTime() / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
      state.calls.push(message);
      if (state.down) throw new ProviderError(`${name}: ServiceUnavailable`, true);
      return { providerMessageId: `${name}-${message.id}` };
    },
  };
  return { provider, state, perSecond, busiestSecond: () => Math.max(0, ...perSecond.values()) };
};

export const failoverSendType: SendType = { id: 'ST_SMS', name: 'SMS', channel: 'SMS', provider: 'SNS_SMS', providers: ['SNS_SMS', 'HTTP_SMS'], settings: {}, enabled: true };

/** A controlled clock: time moves only when the test says. */
export const testClock = (start = '2026-12-01T08:00:00.000Z') => {
  let at = Date.parse(start);
  return { now: () => new Date(at), advance: (ms: number) => (at += ms) };
};

/** Single-recipient SMS records of request `requestNo`, accepted now. */
export const smsRecords = (count: number, now: Date, over: Partial<SendRecord> = {}): SendRecord[] =>
  Array.from({ length: count }, (_, i) => {
    const request = { institution: 'INST', requestNo: `R${i}`, createdAt: now.toISOString() };
    return sampleSendRecord({
      ...request,
      sendId: sendIdOf(request, 'DM', 0),
      sendTypeId: failoverSendType.id,
      status: 'UNSENT',
      sendCount: 0,
      recipients: [{ index: 0, to: `1380000${String(i).padStart(4, '0')}`, mobile: `1380000${String(i).padStart(4, '0')}`, status: 'UNSENT' }],
      ...over,
    });
  });

/** One sender (one Lambda container): its own guard and caches over the shared tables. */
export const senderOf = (tables: TestTables, clock: { now: () => Date }, providers: SendRecordDeps['providers'], rate = 1000) => {
  let ids = 0;
  const guard = createProviderGuard({
    breakers: createBreakerStore(tables.doc, tables.name('messages')),
    // As deployed (provider-guard-wiring.ts): each sender spends its own leases of the shared seconds.
    limiter: leasedLimiter(createRateLimiter(tables.doc, tables.name('messages'))),
    switches: createSwitchLogWriter(tables.doc, tables.name('audit')),
    rateLimit: async () => rate,
    now: clock.now,
    newId: () => `sw-${Date.now()}-${Math.random().toString(36).slice(2)}-${ids++}`,
  });
  const deps: SendRecordDeps = {
    sendRecords: createSendRecordStore(tables.doc, tables.name('messages')),
    config: fakeConfig({ sendType: [failoverSendType] }),
    providers,
    queue: { send: async () => undefined, sendMany: async () => undefined },
    lanes: {},
    now: clock.now,
    log: { info: () => undefined, warn: () => undefined },
    guard,
  };
  return { deps, guard };
};
