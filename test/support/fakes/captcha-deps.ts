import { randomBytes } from 'node:crypto';
import { configEntities, type ConfigEntityName, type ConfigItem } from '#contracts/config-registry';
import type { CaptchaScene } from '#contracts/config-protection';
import type { ConfigReader, Stored } from '#core/config-port';
import { ProviderError, type OutboundMessage, type Provider } from '#core/providers';
import type { QueuePublisher } from '#core/queue-port';
import type { SendCaptchaDeps } from '#core/captcha/send-captcha';
import { FakeCaptchaStore } from './captcha-store.ts';

const meta = { version: 1, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z', updatedBy: 'test' };

/** Configuration in memory: entity → id → item, parsed with the real schemas (defaults applied). */
export class FakeConfig implements ConfigReader {
  private readonly items = new Map<string, Map<string, unknown>>();
  /** `item` as stored (what a read accepts): fields with defaults may be left out. */
  put<E extends ConfigEntityName>(entity: E, item: Record<string, unknown>): this {
    const parsed = configEntities[entity].stored.parse(item) as ConfigItem<E>;
    const id = (configEntities[entity].id as (i: unknown) => string)(parsed);
    if (!this.items.has(entity)) this.items.set(entity, new Map());
    this.items.get(entity)!.set(id, { ...parsed, ...meta });
    return this;
  }
  async get<E extends ConfigEntityName>(entity: E, id: string) {
    return this.items.get(entity)?.get(id) as Stored<ConfigItem<E>> | undefined;
  }
  async list<E extends ConfigEntityName>(entity: E) {
    return [...(this.items.get(entity)?.values() ?? [])] as Stored<ConfigItem<E>>[];
  }
}

/** A provider that records what it was asked to send, or fails as told. */
export class RecordingProvider implements Provider {
  readonly sent: OutboundMessage[] = [];
  failWith: ProviderError | undefined;
  async send(message: OutboundMessage) {
    if (this.failWith) throw this.failWith;
    this.sent.push(message);
    return { providerMessageId: `p-${message.id}` };
  }
}

export class RecordingQueue implements QueuePublisher {
  readonly messages: { url: string; message: unknown }[] = [];
  fail = false;
  async send(url: string, message: unknown) {
    if (this.fail) throw new Error('queue down');
    this.messages.push({ url, message });
  }
  async sendMany(url: string, messages: unknown[]) {
    for (const message of messages) await this.send(url, message);
  }
}

export const TEMPLATE = '验证码 ${code}（序号 ${seqNo}），${description}，${minutes} 分钟内有效，请勿泄露。';

export const sceneOf = (overrides: Partial<CaptchaScene> = {}): Partial<CaptchaScene> & { bizCode: string } => ({
  bizCode: 'LOGIN',
  description: '登录',
  templateId: 'CAPTCHA_TMPL',
  sendTypeId: 'SMS_TEST',
  dailyLimit: 10,
  validitySeconds: 300,
  cooldownSeconds: 60,
  ...overrides,
});

/** Deps for the captcha use cases over in-memory fakes, with a settable clock. */
export const captchaFixture = (scenes: Partial<CaptchaScene>[] = [sceneOf()]) => {
  const config = new FakeConfig()
    .put('template', { id: 'CAPTCHA_TMPL', name: '验证码', title: '验证码', content: TEMPLATE })
    .put('sendType', { id: 'SMS_TEST', name: 'SMS', channel: 'SMS', provider: 'OUTBOX' });
  for (const scene of scenes) config.put('captchaScene', scene);
  const clock = { now: new Date('2024-05-01T02:00:00.000Z') };
  const store = new FakeCaptchaStore();
  const provider = new RecordingProvider();
  const queue = new RecordingQueue();
  const key = randomBytes(32);
  let ids = 0;
  const deps: SendCaptchaDeps = {
    config,
    store,
    key: async () => key,
    providers: { OUTBOX: provider },
    queue,
    smsQueueUrl: 'queue://sms-green',
    now: () => clock.now,
    newId: () => `cap${String(++ids).padStart(4, '0')}`,
    randomInt: (max) => Math.floor(Math.random() * max),
  };
  const advance = (seconds: number) => (clock.now = new Date(clock.now.getTime() + seconds * 1000));
  return { deps, config, store, provider, queue, clock, advance, key };
};
