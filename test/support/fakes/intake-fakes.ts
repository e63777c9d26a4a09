import { configEntities, type ConfigEntityName, type ConfigItem } from '#contracts/config-registry';
import type { MessageRequest, Recipient } from '#contracts/records';
import type { ConfigReader } from '#core/config-port';
import type { CreateResult, RequestIntakeStore, WarnLog } from '#core/messages/intake-port';
import type { QueuePublisher } from '#core/queue-port';

const meta = { version: 1, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', updatedBy: 'test' };

export type ConfigItems = { [E in ConfigEntityName]?: ConfigItem<E>[] };

/** Configuration held in memory; tests change `items` to see how intake reacts. */
export class MemoryConfig implements ConfigReader {
  constructor(readonly items: ConfigItems) {}
  list = (async (entity: ConfigEntityName) => ((this.items[entity] ?? []) as object[]).map((i) => ({ ...i, ...meta }))) as ConfigReader['list'];
  get = (async (entity: ConfigEntityName, id: string) => {
    const idOf = configEntities[entity].id as (i: unknown) => string;
    return (await this.list(entity)).find((i) => idOf(i) === id);
  }) as ConfigReader['get'];
}

/** The adapter's contract in memory: create-if-absent, all or nothing. */
export class MemoryIntakeStore implements RequestIntakeStore {
  readonly requests = new Map<string, { request: MessageRequest; recipients: Recipient[] }>();
  failNextCreate: Error | undefined;
  async create(request: MessageRequest, recipients: Recipient[]): Promise<CreateResult> {
    if (this.failNextCreate) {
      const error = this.failNextCreate;
      this.failNextCreate = undefined;
      throw error;
    }
    const key = `${request.institution}#${request.requestNo}`;
    const existing = this.requests.get(key);
    if (existing) return { created: false, existing: structuredClone(existing.request) };
    this.requests.set(key, { request: structuredClone(request), recipients: structuredClone(recipients) });
    return { created: true };
  }
  async find(institution: string, requestNo: string): Promise<MessageRequest | undefined> {
    const found = this.requests.get(`${institution}#${requestNo}`);
    return found ? structuredClone(found.request) : undefined;
  }
  /** requestKey → when the request rescan should look at it. */
  readonly pending = new Map<string, string>();
  failMarkPending = false;
  async markPending(request: Pick<MessageRequest, 'institution' | 'requestNo'>, nextCheckAt: string): Promise<void> {
    if (this.failMarkPending) throw new Error('DynamoDB unavailable');
    const key = `${request.institution}#${request.requestNo}`;
    if (this.requests.get(key)?.request.status === 'INIT') this.pending.set(key, nextCheckAt);
  }
}

export class MemoryQueue implements QueuePublisher {
  readonly sent: { url: string; message: unknown }[] = [];
  failing = false;
  async send(url: string, message: unknown): Promise<void> {
    if (this.failing) throw new Error('queue unavailable');
    this.sent.push({ url, message });
  }
  async sendMany(url: string, messages: unknown[]): Promise<void> {
    for (const message of messages) await this.send(url, message);
  }
}

export class MemoryLog implements WarnLog {
  readonly warnings: { message: string; detail: Record<string, unknown> }[] = [];
  warn(message: string, detail: Record<string, unknown>): void {
    this.warnings.push({ message, detail });
  }
}

/** A small configuration like the demo one: MARKET_ACTIVITY → SMS (default) or EMAIL; SECURITY → SMS + PUSH. */
export const intakeConfigItems = (): ConfigItems => ({
  bizType: [
    { code: 'MARKET_ACTIVITY', name: 'm', enabled: true, priority: 5, greenLane: false, smsType: 'Promotional', critical: false },
    { code: 'ACCOUNT_SECURITY', name: 's', enabled: true, priority: 9, greenLane: true, smsType: 'Transactional', critical: true },
    { code: 'DISABLED_DEMO', name: 'd', enabled: false, priority: 5, greenLane: false, smsType: 'Transactional', critical: false },
  ],
  channel: [
    { channelNo: 'APP001', name: 'app', channelTypeCode: 'APP', enabled: true },
    { channelNo: 'OLD001', name: 'old', channelTypeCode: 'APP', enabled: false },
  ],
  sendType: [
    { id: 'SMS_OUTBOX', name: 'sms', channel: 'SMS', provider: 'OUTBOX', settings: {}, enabled: true },
    { id: 'EMAIL_OUTBOX', name: 'email', channel: 'EMAIL', provider: 'OUTBOX', settings: {}, enabled: true },
    { id: 'PUSH_OUTBOX', name: 'push', channel: 'PUSH', provider: 'OUTBOX', settings: {}, enabled: true },
  ],
  dispatchConfig: [
    { id: 'MARKET_DEFAULT', name: 'd', enabled: true, priority: 10, match: { bizType: 'MARKET_ACTIVITY' }, sendLimit: 3 },
    { id: 'MARKET_EMAIL', name: 'e', enabled: true, priority: 20, match: { bizType: 'MARKET_ACTIVITY', sendType: 'EMAIL' }, sendLimit: 3 },
    { id: 'SECURITY', name: 's', enabled: true, priority: 10, match: { bizType: 'ACCOUNT_SECURITY' }, sendLimit: 3 },
  ],
  dispatchMethod: [
    { id: 'M_SMS', dispatchConfigId: 'MARKET_DEFAULT', sendTypeId: 'SMS_OUTBOX', templateId: 'T', greenLane: false, enabled: true },
    { id: 'M_EMAIL', dispatchConfigId: 'MARKET_EMAIL', sendTypeId: 'EMAIL_OUTBOX', templateId: 'T', greenLane: false, enabled: true },
    { id: 'S_SMS', dispatchConfigId: 'SECURITY', sendTypeId: 'SMS_OUTBOX', templateId: 'T', greenLane: true, enabled: true },
    { id: 'S_PUSH', dispatchConfigId: 'SECURITY', sendTypeId: 'PUSH_OUTBOX', templateId: 'T', greenLane: true, enabled: true },
  ],
});
