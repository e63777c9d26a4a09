import { beforeEach, describe, expect, it } from 'vitest';
import { sendMessageBody, type SendMessageBody } from '#contracts/send-message';
import { acceptMessage, type AcceptMessageDeps } from '#core/messages/accept-message';
import { DomainError, isDomainError } from '#core/errors';
import { errorTable } from '#runtime/error-table';
import { intakeConfigItems, MemoryConfig, MemoryIntakeStore, MemoryLog, MemoryQueue } from '../../support/fakes/intake-fakes.ts';
import seedSms from '../../contracts/examples/seed-sms.json' with { type: 'json' };
import seedEmail from '../../contracts/examples/seed-email.json' with { type: 'json' };

const GENERAL = 'queue://general';
const GREEN = 'queue://green';

let config: MemoryConfig;
let store: MemoryIntakeStore;
let queue: MemoryQueue;
let log: MemoryLog;
let deps: AcceptMessageDeps;

beforeEach(() => {
  config = new MemoryConfig(intakeConfigItems());
  store = new MemoryIntakeStore();
  queue = new MemoryQueue();
  log = new MemoryLog();
  deps = { config, store, queue, queues: { general: GENERAL, green: GREEN }, now: () => new Date('2024-05-01T08:00:00.000Z'), log };
});

const body = (changes: Record<string, unknown> = {}, base: unknown = seedSms): SendMessageBody =>
  sendMessageBody().parse({ ...(base as object), ...changes });

const refusal = async (input: SendMessageBody) => {
  try {
    await acceptMessage(deps, input);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return { retFlag: errorTable[error.code].retFlag, retMsg: error.message, field: error.field };
  }
  throw new Error('expected a refusal');
};

describe('acceptMessage', () => {
  it('stores the seed SMS example as INIT with its recipient and enqueues it to the general lane', async () => {
    expect(await acceptMessage(deps, body())).toEqual({ requestNo: '20180309011111', status: 'ACCEPTED' });
    const stored = store.requests.get('OUTPLATFORM#20180309011111')!;
    expect(stored.request).toMatchObject({
      status: 'INIT',
      dispatchConfigId: 'MARKET_DEFAULT',
      greenLane: false,
      recipientCount: 1,
      chunkCount: 0,
      createdAt: '2024-05-01T08:00:00.000Z',
      msgTitle: 'hello',
    });
    // '' means "not given": not stored as a value.
    expect(stored.request).not.toHaveProperty('productCode');
    expect(stored.recipients).toEqual([{ userId: '133', mobile: '13361249238' }]);
    expect(queue.sent).toEqual([{ url: GENERAL, message: { institution: 'OUTPLATFORM', requestNo: '20180309011111' } }]);
  });

  it('routes the seed e-mail example to the e-mail dispatch configuration', async () => {
    await acceptMessage(deps, body({}, seedEmail));
    expect(store.requests.get('OUTPLATFORM#20180309011111')!.request).toMatchObject({ dispatchConfigId: 'MARKET_EMAIL', enclosureInfo: '200198267' });
  });

  it('enqueues green-lane business types to the green queue', async () => {
    await acceptMessage(deps, body({ bizType: 'ACCOUNT_SECURITY', userIds: [{ mobile: '13361249238', deviceNo: 'dev-1' }] }));
    expect(queue.sent.map((s) => s.url)).toEqual([GREEN]);
    expect(store.requests.get('OUTPLATFORM#20180309011111')!.request.greenLane).toBe(true);
  });

  it.each([
    [{ bizType: 'NO_SUCH' }, '30001', 'bizType'],
    [{ bizType: 'DISABLED_DEMO' }, '30002', 'bizType'],
    [{ channelNo: 'NOPE' }, '30003', 'channelNo'],
    [{ channelNo: 'OLD001' }, '30003', 'channelNo'],
  ])('refuses %j with %s', async (changes, retFlag, field) => {
    expect(await refusal(body(changes))).toMatchObject({ retFlag, field });
    expect(store.requests.size).toBe(0);
    expect(queue.sent).toEqual([]);
  });

  it('accepts a configured, enabled channelNo', async () => {
    await expect(acceptMessage(deps, body({ channelNo: 'APP001' }))).resolves.toMatchObject({ status: 'ACCEPTED' });
  });

  it('refuses with 30004 when no dispatch configuration matches or the match has no usable method', async () => {
    config.items.dispatchConfig = config.items.dispatchConfig!.filter((c) => c.id !== 'MARKET_DEFAULT');
    expect(await refusal(body())).toMatchObject({ retFlag: '30004' });
    config.items.sendType = config.items.sendType!.map((s) => (s.id === 'EMAIL_OUTBOX' ? { ...s, enabled: false } : s));
    expect(await refusal(body({}, seedEmail))).toMatchObject({ retFlag: '30004', retMsg: expect.stringContaining('MARKET_EMAIL') });
  });

  it('refuses useTmpl=Y when a matched method has no template', async () => {
    config.items.dispatchMethod = config.items.dispatchMethod!.map((m) => (m.id === 'M_SMS' ? { ...m, templateId: undefined } : m));
    expect(await refusal(body({ useTmpl: 'Y' }))).toMatchObject({ retFlag: '30004', field: 'useTmpl' });
  });

  it.each([
    ['SMS without a mobile', {}, [{ userId: '1' }, { userId: '2', mobile: '' }], 'userIds[0].mobile'],
    ['SMS with a malformed mobile', {}, [{ mobile: '13361249238' }, { mobile: 'call me' }], 'userIds[1].mobile'],
    ['EMAIL without an address', { sendType: 'EMAIL' }, [{ mobile: '13361249238', email: '' }], 'userIds[0].email'],
    ['EMAIL with an invalid address', { sendType: 'EMAIL' }, [{ email: 'a@b.c' }, { email: 'no-at-sign.com' }], 'userIds[1].email'],
    ['PUSH without a deviceNo', { bizType: 'ACCOUNT_SECURITY' }, [{ mobile: '13361249238', deviceNo: '  ' }], 'userIds[0].deviceNo'],
  ])('refuses %s with 10004 naming the field path', async (_name, changes, userIds, field) => {
    const result = await refusal(body({ ...changes, userIds }));
    expect(result).toMatchObject({ retFlag: '10004', field });
    expect(result.retMsg.startsWith(`${field}: `)).toBe(true);
    expect(store.requests.size).toBe(0);
  });

  it('does not require a mobile for e-mail only, nor an address from recipients a method excludes by custType', async () => {
    await expect(acceptMessage(deps, body({ sendType: 'EMAIL', userIds: [{ email: 'a@example.com' }] }))).resolves.toBeDefined();
    config.items.dispatchMethod = config.items.dispatchMethod!.map((m) => (m.id === 'M_SMS' ? { ...m, custTypes: ['MERCHANT'] } : m));
    await expect(
      acceptMessage(deps, body({ requestNo: 'R2', userIds: [{ mobile: '13361249238', custType: 'MERCHANT' }, { custType: 'PERSONAL' }] })),
    ).resolves.toBeDefined();
  });

  it('applies the app push length limit: 800 ASCII characters, 400 when any is not ASCII', async () => {
    const push = { bizType: 'ACCOUNT_SECURITY', userIds: [{ mobile: '13361249238', deviceNo: 'dev' }] };
    await expect(acceptMessage(deps, body({ ...push, requestNo: 'A1', msgTitle: 't'.repeat(200), msgContent: 'c'.repeat(500), custom: 'x'.repeat(100) }))).resolves.toBeDefined();
    expect(await refusal(body({ ...push, requestNo: 'A2', msgTitle: 't'.repeat(201), msgContent: 'c'.repeat(500), custom: 'x'.repeat(100) }))).toMatchObject({ retFlag: '10005' });
    await expect(acceptMessage(deps, body({ ...push, requestNo: 'A3', msgTitle: '标题', msgContent: '内'.repeat(398) }))).resolves.toBeDefined();
    const tooLong = await refusal(body({ ...push, requestNo: 'A4', msgTitle: 'hello', msgContent: '内'.repeat(396) }));
    expect(tooLong).toMatchObject({ retFlag: '10005' });
    expect(tooLong.retMsg).toContain('401');
    // SMS only: the push limit does not apply.
    await expect(acceptMessage(deps, body({ requestNo: 'A5', msgContent: '内'.repeat(900) }))).resolves.toBeDefined();
  });

  it('answers a repeated request as the first time, stores it once and re-enqueues only while INIT', async () => {
    const first = await acceptMessage(deps, body());
    const again = await acceptMessage(deps, body());
    expect(again).toEqual(first);
    expect(store.requests.size).toBe(1);
    expect(queue.sent).toHaveLength(2);
    store.requests.get('OUTPLATFORM#20180309011111')!.request.status = 'SUCCESS';
    expect(await acceptMessage(deps, body())).toEqual(first);
    expect(queue.sent).toHaveLength(2);
  });

  it('treats key order and null vs missing as the same body', async () => {
    await acceptMessage(deps, body());
    const reordered = Object.fromEntries(Object.entries(seedSms).reverse());
    await expect(acceptMessage(deps, body({ custom: null }, reordered))).resolves.toMatchObject({ status: 'ACCEPTED' });
  });

  it('refuses the same requestNo with another body with 30005 (409)', async () => {
    await acceptMessage(deps, body());
    const result = await refusal(body({ msgContent: 'another text' }));
    expect(result).toMatchObject({ retFlag: '30005', field: 'requestNo' });
    expect(errorTable.REQUEST_CONFLICT.status).toBe(409);
    expect(store.requests.get('OUTPLATFORM#20180309011111')!.request.msgContent).toBe('问候20180307000000012');
  });

  it('answers a retry as the first time even after the configuration changed', async () => {
    await acceptMessage(deps, body());
    config.items.bizType = config.items.bizType!.map((b) => ({ ...b, enabled: false }));
    await expect(acceptMessage(deps, body())).resolves.toMatchObject({ status: 'ACCEPTED' });
    expect(await refusal(body({ requestNo: 'NEW' }))).toMatchObject({ retFlag: '30002' });
  });

  it('keeps the same requestNo of two institutions apart', async () => {
    await acceptMessage(deps, body());
    await acceptMessage(deps, body({ institution: 'CRM', msgContent: 'other' }));
    expect(store.requests.size).toBe(2);
  });

  it('still answers success when the queue is down: the request stays INIT in the pending index for the rescan, with a warning', async () => {
    queue.failing = true;
    await expect(acceptMessage(deps, body())).resolves.toMatchObject({ status: 'ACCEPTED' });
    expect(store.requests.get('OUTPLATFORM#20180309011111')!.request.status).toBe('INIT');
    expect(store.pending.get('OUTPLATFORM#20180309011111')).toBeDefined();
    expect(log.warnings[0]?.detail).toMatchObject({ requestNo: '20180309011111' });
  });

  it('does not accept what nothing would carry on: queue and pending index both down → 90002, and the retry enqueues it', async () => {
    queue.failing = true;
    store.failMarkPending = true;
    expect(await refusal(body())).toMatchObject({ retFlag: '90002' });
    expect(store.pending.size).toBe(0);
    queue.failing = false;
    store.failMarkPending = false;
    await expect(acceptMessage(deps, body())).resolves.toMatchObject({ status: 'ACCEPTED' });
    expect(queue.sent).toHaveLength(1);
  });

  it('passes a storage failure on, with nothing stored or queued', async () => {
    store.failNextCreate = new DomainError('THROTTLED', 'busy');
    expect(await refusal(body())).toMatchObject({ retFlag: '90002' });
    expect(store.requests.size).toBe(0);
    expect(queue.sent).toEqual([]);
  });

  it('records 10,000 recipients in chunks of 250', async () => {
    const userIds = Array.from({ length: 10_000 }, (_, i) => ({ mobile: `1330000${String(i).padStart(4, '0')}` }));
    await acceptMessage(deps, body({ pushType: 'MULTI_ACCOUNT', userIds }));
    const stored = store.requests.get('OUTPLATFORM#20180309011111')!;
    expect(stored.request).toMatchObject({ recipientCount: 10_000, chunkCount: 40 });
    expect(stored.recipients[9_999]).toEqual({ mobile: '13300009999' });
  });
});
