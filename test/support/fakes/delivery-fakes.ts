import type { InboxMessage, InterceptRecord, InterceptedRequest, MessageRequest, Recipient, SendRecord } from '#contracts/records';
import type { ChannelLanes, InboxStore, Log, PendingRequest, PendingSendRecord, RecipientIndexStore, RequestProcessingStore, SendRecordStore } from '#core/delivery/ports';
import type { RecipientIndexEntry } from '#core/delivery/recipient-index';
import type { SendRecordDeps } from '#core/delivery/send-record';
import type { SplitRequestDeps } from '#core/delivery/split-request';
import { FakeSuppressions } from './suppression-fakes.ts';
import { nextCheckAfterChange } from '#core/delivery/rescan';
import { shardOf } from '#core/delivery/ids';
import type { Screen, ScreenDecision, ScreenInput } from '#core/interception/screen-port';
import { ProviderError, type OutboundMessage, type Provider } from '#core/providers';
import type { QueuePublisher } from '#core/queue-port';
import { FakeConfig } from './captcha-deps.ts';

const clone = <T>(value: T): T => structuredClone(value);

/** Requests in memory with the adapter's conditional semantics (status and updatedAt must match). */
export class FakeRequestStore implements RequestProcessingStore {
  readonly requests = new Map<string, MessageRequest & { nextCheckAt?: string | undefined }>();
  readonly users = new Map<string, Recipient[]>();
  /** Stored as the intake stores it: in the pending index only when given a next check (its enqueue failed). */
  add(request: MessageRequest, recipients: Recipient[], nextCheckAt?: string): void {
    this.requests.set(`${request.institution}#${request.requestNo}`, { ...clone(request), nextCheckAt });
    this.users.set(`${request.institution}#${request.requestNo}`, clone(recipients));
  }
  get(requestNo: string) {
    return [...this.requests.values()].find((r) => r.requestNo === requestNo);
  }
  async find(institution: string, requestNo: string) {
    const found = this.requests.get(`${institution}#${requestNo}`);
    if (!found) return undefined;
    const { nextCheckAt: _n, ...request } = clone(found);
    return request;
  }
  async recipients(request: MessageRequest) {
    return clone(this.users.get(`${request.institution}#${request.requestNo}`) ?? []);
  }
  async transition(request: Pick<MessageRequest, 'institution' | 'requestNo' | 'status' | 'updatedAt'>, change: Parameters<RequestProcessingStore['transition']>[1]) {
    const key = `${request.institution}#${request.requestNo}`;
    const current = this.requests.get(key);
    if (!current || current.status !== request.status || current.updatedAt !== request.updatedAt) return false;
    this.requests.set(key, {
      ...current,
      status: change.to,
      updatedAt: change.at,
      ...(change.attempts !== undefined ? { attempts: change.attempts } : {}),
      ...(change.interceptReason !== undefined ? { interceptReason: change.interceptReason } : {}),
      ...(change.outcome !== undefined ? { outcome: current.outcome ?? change.outcome } : {}),
      ...(change.outcomeSendId !== undefined ? { outcomeSendId: change.outcomeSendId } : {}),
      nextCheckAt: change.nextCheckAt,
    });
    return true;
  }
  async pending(shard: number, now: Date, limit: number): Promise<PendingRequest[]> {
    return [...this.requests.values()]
      .filter((r) => r.nextCheckAt && r.nextCheckAt <= now.toISOString() && shardOf(`${r.institution}#${r.requestNo}`) === shard)
      .slice(0, limit)
      .map((r) => ({ institution: r.institution, requestNo: r.requestNo, status: r.status, greenLane: r.greenLane, attempts: r.attempts, updatedAt: r.updatedAt }));
  }
  async postpone(item: PendingRequest, nextCheckAt: string) {
    const current = this.requests.get(`${item.institution}#${item.requestNo}`);
    if (!current?.nextCheckAt || current.status !== item.status || current.updatedAt !== item.updatedAt) return false;
    current.nextCheckAt = nextCheckAt;
    return true;
  }
}

export class FakeSendRecordStore implements SendRecordStore {
  readonly records = new Map<string, SendRecord>();
  readonly nextCheck = new Map<string, string | undefined>();
  /** Throws on the first `failCreates` createAll calls (a consumer dying mid-split). */
  failCreates = 0;
  all(): SendRecord[] {
    return [...this.records.values()].map(clone);
  }
  private store(record: SendRecord) {
    this.records.set(record.sendId, clone(record));
    this.nextCheck.set(record.sendId, nextCheckAfterChange(record));
  }
  async createAll(records: SendRecord[]) {
    if (this.failCreates > 0) {
      this.failCreates--;
      throw new Error('DynamoDB unavailable');
    }
    for (const record of records) if (!this.records.has(record.sendId)) this.store(record);
  }
  async get(sendId: string) {
    const found = this.records.get(sendId);
    return found ? clone(found) : undefined;
  }
  async replace(next: SendRecord, expected: Pick<SendRecord, 'status' | 'updatedAt'>) {
    const current = this.records.get(next.sendId);
    if (!current || current.status !== expected.status || current.updatedAt !== expected.updatedAt) return false;
    this.store(next);
    return true;
  }
  async pending(shard: number, now: Date, limit: number): Promise<PendingSendRecord[]> {
    return [...this.records.values()]
      .filter((r) => {
        const at = this.nextCheck.get(r.sendId);
        return at !== undefined && at <= now.toISOString() && shardOf(r.sendId) === shard;
      })
      .slice(0, limit)
      .map((r) => ({ sendId: r.sendId, channel: r.channel, greenLane: r.greenLane, status: r.status, sendCount: r.sendCount, sendLimit: r.sendLimit, limitExempt: r.limitExempt, nextAttemptAt: r.nextAttemptAt, updatedAt: r.updatedAt }));
  }
  async postpone(item: PendingSendRecord, nextCheckAt: string) {
    const current = this.records.get(item.sendId);
    if (!current || !this.nextCheck.get(item.sendId) || current.status !== item.status || current.updatedAt !== item.updatedAt) return false;
    this.nextCheck.set(item.sendId, nextCheckAt);
    return true;
  }
}

export class FakeInbox implements InboxStore {
  readonly items = new Map<string, InboxMessage>();
  async putAll(messages: InboxMessage[]) {
    for (const m of messages) this.items.set(`${m.userKey}|${m.createdAt}#${m.messageId}`, clone(m));
  }
}

export class FakeRecipientIndex implements RecipientIndexStore {
  readonly entries = new Map<string, RecipientIndexEntry>();
  async putAll(entries: RecipientIndexEntry[]) {
    for (const e of entries) this.entries.set(`${e.identity}#${e.value}|${e.createdAt}#${e.institution}#${e.requestNo}`, clone(e));
  }
}

/** Decides per recipient by its `to`; everything else is sent. Records what it stored. */
export class FakeScreen implements Screen {
  readonly decide = new Map<string, (index: number) => ScreenDecision>();
  readonly inputs: ScreenInput[] = [];
  readonly interceptions = new Map<string, InterceptRecord>();
  readonly interceptedRequests = new Map<string, InterceptedRequest>();
  async screen(input: ScreenInput) {
    this.inputs.push(input);
    return input.recipients.map((r) => this.decide.get(r.to)?.(r.index) ?? { index: r.index, action: 'SEND' as const, exempt: false });
  }
  async recordInterceptions(records: InterceptRecord[]) {
    for (const r of records) this.interceptions.set(r.id, r);
  }
  async recordInterceptedRequest(request: InterceptedRequest) {
    this.interceptedRequests.set(`${request.institution}#${request.requestNo}`, request);
  }
}

/** Fails each address as scripted (n times, or final), then succeeds; records every call. */
export class ScriptedProvider implements Provider {
  readonly calls: OutboundMessage[] = [];
  readonly delivered = new Map<string, OutboundMessage>();
  readonly failures = new Map<string, { times: number; retryable: boolean }>();
  failTimes(to: string, times: number, retryable = true): this {
    this.failures.set(to, { times, retryable });
    return this;
  }
  async send(message: OutboundMessage) {
    this.calls.push(message);
    const plan = this.failures.get(message.to);
    if (plan && plan.times > 0) {
      plan.times--;
      throw new ProviderError(`gateway refused ${message.to}`, plan.retryable);
    }
    this.delivered.set(message.id, message);
    return { providerMessageId: `p-${message.id}` };
  }
}

export class DelayQueue implements QueuePublisher {
  readonly messages: { url: string; message: unknown; delaySeconds?: number | undefined }[] = [];
  fail = false;
  async send(url: string, message: unknown, options?: { delaySeconds?: number }) {
    if (this.fail) throw new Error('queue down');
    this.messages.push({ url, message, delaySeconds: options?.delaySeconds });
  }
  async sendMany(url: string, messages: unknown[]) {
    for (const message of messages) await this.send(url, message);
  }
  take(): { url: string; message: unknown; delaySeconds?: number | undefined }[] {
    return this.messages.splice(0);
  }
}

export const silentLog: Log = { info: () => undefined, warn: () => undefined };

export const testLanes: ChannelLanes = {
  SMS: { general: 'q:smsGeneral', green: 'q:smsGreen' },
  EMAIL: { general: 'q:emailGeneral', green: 'q:emailGreen' },
  PUSH: { general: 'q:pushGeneral', green: 'q:pushGreen' },
  MQ: { general: 'q:mqGeneral', green: 'q:mqGreen' },
};

export const requestOf = (overrides: Partial<MessageRequest> = {}): MessageRequest => ({
  institution: 'OUTPLATFORM',
  requestNo: 'R1',
  bizType: 'MARKET',
  bizId: 'B1',
  pushType: 'MULTI_ACCOUNT',
  bizContent: '{"name":"张三","amount":"100"}',
  useTmpl: 'N',
  msgTitle: '标题',
  msgContent: '内容',
  requestTime: '2024-05-01 10:00:00',
  requestIp: '10.0.0.1',
  bodyHash: 'h',
  dispatchConfigId: 'CFG',
  greenLane: false,
  status: 'INIT',
  recipientCount: 0,
  chunkCount: 0,
  attempts: 0,
  createdAt: '2024-05-01T02:00:00.000Z',
  updatedAt: '2024-05-01T02:00:00.000Z',
  ...overrides,
});

export const usersOf = (count: number, extra: (i: number) => Partial<Recipient> = () => ({})): Recipient[] =>
  Array.from({ length: count }, (_, i) => ({
    userId: `u${i}`,
    mobile: `138${String(i).padStart(8, '0')}`,
    email: `u${i}@example.com`,
    deviceNo: `dev${i}`,
    custType: 'PERSONAL' as const,
    ...extra(i),
  }));

/** Deps for the delivery use cases over in-memory fakes and one settable clock. */
export const deliveryFixture = () => {
  const clock = { now: new Date('2024-05-01T02:00:10.000Z') };
  const config = new FakeConfig()
    .put('bizType', { code: 'MARKET', name: '营销' })
    .put('dispatchConfig', { id: 'CFG', name: '默认', match: {}, sendLimit: 3 })
    .put('sendType', { id: 'SMS_T', name: '短信', channel: 'SMS', provider: 'OUTBOX' })
    .put('dispatchMethod', { id: 'M_SMS', dispatchConfigId: 'CFG', sendTypeId: 'SMS_T' });
  const requests = new FakeRequestStore();
  const sendRecords = new FakeSendRecordStore();
  const inbox = new FakeInbox();
  const recipientIndex = new FakeRecipientIndex();
  const screen = new FakeScreen();
  const queue = new DelayQueue();
  const provider = new ScriptedProvider();
  const now = () => new Date(clock.now);
  const suppressions = new FakeSuppressions();
  // Push by account: no device is registered unless a test adds one.
  const devices = new Map<string, { deviceNo: string; deviceTypeCode: string }[]>();
  const split: SplitRequestDeps = { requests, sendRecords, inbox, recipientIndex, config, devices: {
      devicesOf: async (institution, userId) => devices.get(`${institution}#${userId}`) ?? [],
      typesOf: async (institution, deviceNos) =>
        new Map([...devices].filter(([key]) => key.startsWith(`${institution}#`)).flatMap(([, list]) => list.filter((d) => deviceNos.includes(d.deviceNo)).map((d) => [d.deviceNo, d.deviceTypeCode] as const))),
    }, screen, suppressions, queue, lanes: testLanes, now, log: silentLog };
  const send: SendRecordDeps = { sendRecords, config, providers: { OUTBOX: provider }, queue, lanes: testLanes, now, log: silentLog };
  const advance = (ms: number) => {
    clock.now = new Date(clock.now.getTime() + ms);
  };
  return { clock, advance, config, requests, sendRecords, inbox, recipientIndex, screen, suppressions, queue, provider, devices, split, send };
};
