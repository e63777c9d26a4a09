import { describe, expect, it } from 'vitest';
import { splitRequest } from '#core/delivery/split-request';
import { sendIdOf } from '#core/delivery/ids';
import { deliveryFixture, requestOf, usersOf } from '../../support/fakes/delivery-fakes.ts';

const setup = (count: number, overrides: Parameters<typeof requestOf>[0] = {}, extra?: Parameters<typeof usersOf>[1]) => {
  const f = deliveryFixture();
  const users = usersOf(count, extra);
  f.requests.add(requestOf({ recipientCount: count, ...overrides }), users);
  return f;
};
const msg = { institution: 'OUTPLATFORM', requestNo: 'R1' };

describe('splitRequest', () => {
  it('splits a request into UNSENT send records, marks it SUCCESS and enqueues each record to its lane', async () => {
    const f = setup(3);
    const result = await splitRequest(f.split, msg);
    expect(result).toMatchObject({ outcome: 'split', status: 'SUCCESS', records: 1, enqueued: 1 });
    const [record] = f.sendRecords.all();
    expect(record).toMatchObject({ status: 'UNSENT', channel: 'SMS', title: '标题', content: '内容', sendCount: 0, sendLimit: 3 });
    expect(record!.recipients.map((r) => [r.index, r.to, r.status])).toEqual([
      [0, '13800000000', 'UNSENT'],
      [1, '13800000001', 'UNSENT'],
      [2, '13800000002', 'UNSENT'],
    ]);
    expect(f.requests.get('R1')).toMatchObject({ status: 'SUCCESS', attempts: 1, nextCheckAt: undefined });
    expect(f.queue.messages).toEqual([{ url: 'q:smsGeneral', message: { kind: 'send', sendId: record!.sendId }, delaySeconds: undefined }]);
  });

  it('ends quietly for an absent request and for PROCESSING or SUCCESS ones (duplicates are normal)', async () => {
    const f = setup(1);
    expect(await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'NOPE' })).toEqual({ outcome: 'absent' });
    await splitRequest(f.split, msg);
    f.queue.take();
    expect(await splitRequest(f.split, msg)).toEqual({ outcome: 'duplicate' });
    expect(f.queue.messages).toEqual([]);
    const g = setup(1, { status: 'PROCESSING' });
    expect(await splitRequest(g.split, msg)).toEqual({ outcome: 'duplicate' });
    expect(g.sendRecords.all()).toEqual([]);
  });

  it('re-splits a FAILED request with the same deterministic send ids, never duplicating records', async () => {
    const f = setup(150);
    f.sendRecords.failCreates = 1;
    await expect(splitRequest(f.split, msg)).rejects.toThrow('DynamoDB unavailable');
    expect(f.requests.get('R1')).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(f.requests.get('R1')!.nextCheckAt).toBe('2024-05-01T02:00:40.000Z');
    await splitRequest(f.split, msg);
    await splitRequest(f.split, msg);
    const ids = f.sendRecords.all().map((r) => r.sendId).sort();
    const request = f.requests.get('R1')!;
    expect(ids).toEqual([sendIdOf(request, 'M_SMS', 0), sendIdOf(request, 'M_SMS', 1)].sort());
    // The request's time first, then its hash: a request's records are neighbours, ids sort by time.
    expect(ids[0]).toMatch(/^20240501\d{9}[0-9a-z]{18}$/);
    expect(ids[0]!.slice(0, 25)).toBe(ids[1]!.slice(0, 25));
    expect(f.requests.get('R1')).toMatchObject({ status: 'SUCCESS', attempts: 2 });
  });

  it('chunks recipients so no send record holds more than 100', async () => {
    const f = setup(250);
    await splitRequest(f.split, msg);
    const sizes = f.sendRecords.all().map((r) => r.recipients.length).sort((a, b) => a - b);
    expect(sizes).toEqual([50, 100, 100]);
    const indexes = f.sendRecords.all().flatMap((r) => r.recipients.map((x) => x.index)).sort((a, b) => a - b);
    expect(indexes).toEqual(Array.from({ length: 250 }, (_, i) => i));
    expect(f.queue.messages).toHaveLength(3);
  });

  it('keeps only the method’s customer types', async () => {
    const f = setup(4, {}, (i) => ({ custType: i % 2 === 0 ? 'PERSONAL' : 'MERCHANT' }));
    f.config.put('dispatchMethod', { id: 'M_SMS', dispatchConfigId: 'CFG', sendTypeId: 'SMS_T', custTypes: ['MERCHANT'] });
    await splitRequest(f.split, msg);
    expect(f.sendRecords.all()[0]!.recipients.map((r) => r.index)).toEqual([1, 3]);
  });

  it('renders the method template from bizContent, per recipient when it names recipient fields', async () => {
    const f = setup(2, { useTmpl: 'Y', msgTitle: undefined, msgContent: undefined }, (i) => ({ custName: `客户${i}` }));
    f.config
      .put('template', { id: 'T1', name: 't', title: '您好 ${name}', content: '${custName}，金额 ${amount} 元，${unknown}' })
      .put('dispatchMethod', { id: 'M_SMS', dispatchConfigId: 'CFG', sendTypeId: 'SMS_T', templateId: 'T1' });
    await splitRequest(f.split, msg);
    const [record] = f.sendRecords.all();
    expect(record!.title).toBe('您好 张三');
    expect(record!.recipients.map((r) => r.content)).toEqual(['客户0，金额 100 元，${unknown}', '客户1，金额 100 元，${unknown}']);
  });

  it('uses the request text when useTmpl=N even if the method has a template, and one text per record', async () => {
    const f = setup(2);
    f.config
      .put('template', { id: 'T1', name: 't', title: 'T', content: '${custName}' })
      .put('dispatchMethod', { id: 'M_SMS', dispatchConfigId: 'CFG', sendTypeId: 'SMS_T', templateId: 'T1' });
    await splitRequest(f.split, msg);
    const [record] = f.sendRecords.all();
    expect(record!.content).toBe('内容');
    expect(record!.recipients.every((r) => r.content === undefined)).toBe(true);
  });

  it('makes one record per method, with the channel’s address, and writes the PUSH inbox', async () => {
    const f = setup(2, { greenLane: false }, (i) => (i === 1 ? { email: undefined } : {}));
    f.config
      .put('sendType', { id: 'MAIL_T', name: '邮件', channel: 'EMAIL', provider: 'OUTBOX' })
      .put('sendType', { id: 'PUSH_T', name: '推送', channel: 'PUSH', provider: 'OUTBOX' })
      .put('sendType', { id: 'MQ_T', name: 'MQ', channel: 'MQ', provider: 'OUTBOX', settings: { queue: 'mqOutbound' } })
      .put('dispatchMethod', { id: 'M_MAIL', dispatchConfigId: 'CFG', sendTypeId: 'MAIL_T', greenLane: true })
      .put('dispatchMethod', { id: 'M_PUSH', dispatchConfigId: 'CFG', sendTypeId: 'PUSH_T', deviceTypeCode: 'ANDROID' })
      .put('dispatchMethod', { id: 'M_MQ', dispatchConfigId: 'CFG', sendTypeId: 'MQ_T' })
      .put('dispatchMethod', { id: 'M_OFF', dispatchConfigId: 'CFG', sendTypeId: 'SMS_T', enabled: false });
    await splitRequest(f.split, msg);
    const byChannel = Object.fromEntries(f.sendRecords.all().map((r) => [r.channel, r]));
    expect(Object.keys(byChannel).sort()).toEqual(['EMAIL', 'MQ', 'PUSH', 'SMS']);
    expect(byChannel.EMAIL!.recipients.map((r) => [r.to, r.status])).toEqual([['u0@example.com', 'UNSENT'], ['', 'UNSENDABLE']]);
    expect(byChannel.EMAIL!.recipients[1]!.error).toContain('email');
    expect(byChannel.PUSH!.recipients.map((r) => r.to)).toEqual(['dev0', 'dev1']);
    expect(byChannel.PUSH!.deviceTypeCode).toBe('ANDROID');
    expect(byChannel.MQ!.recipients.map((r) => r.to)).toEqual(['mqOutbound', 'mqOutbound']);
    expect(f.queue.messages.map((m) => m.url).sort()).toEqual(['q:emailGreen', 'q:mqGeneral', 'q:pushGeneral', 'q:smsGeneral']);
    expect([...f.inbox.items.values()].map((m) => [m.userKey, m.messageId, m.createdAt])).toEqual([
      ['u0', `${byChannel.PUSH!.sendId}#0`, '2024-05-01T02:00:00.000Z'],
      ['u1', `${byChannel.PUSH!.sendId}#1`, '2024-05-01T02:00:00.000Z'],
    ]);
  });

  it('sends green-lane requests to the green lane of every channel', async () => {
    const f = setup(1, { greenLane: true });
    await splitRequest(f.split, msg);
    expect(f.queue.messages.map((m) => m.url)).toEqual(['q:smsGreen']);
  });

  it('applies interception: intercepted recipients are recorded, held ones wait, exempt ones lift the limit', async () => {
    const f = setup(3);
    f.screen.decide.set('13800000000', (index) => ({ index, action: 'INTERCEPT', rule: 'BLACKLIST', reason: '黑名单' }));
    f.screen.decide.set('13800000001', (index) => ({ index, action: 'HOLD', until: new Date('2024-05-01T23:00:00.000Z'), reason: '免打扰' }));
    await splitRequest(f.split, msg);
    const [record] = f.sendRecords.all();
    expect(record!.recipients.map((r) => r.status)).toEqual(['INTERCEPTED', 'HELD', 'UNSENT']);
    expect(record!.nextAttemptAt).toBe('2024-05-01T23:00:00.000Z');
    expect([...f.screen.interceptions.values()]).toEqual([expect.objectContaining({ id: `${record!.sendId}#0`, rule: 'BLACKLIST', mobile: '13800000000' })]);
    expect(f.requests.get('R1')!.status).toBe('SUCCESS');
    expect(record!.limitExempt).toBeUndefined();

    const g = setup(1);
    g.screen.decide.set('13800000000', (index) => ({ index, action: 'SEND', exempt: true }));
    await splitRequest(g.split, msg);
    expect(g.sendRecords.all()[0]!.limitExempt).toBe(true);
  });

  it('marks a request whose every recipient was intercepted INTERCEPTED, records it and enqueues nothing', async () => {
    const f = setup(2);
    for (const to of ['13800000000', '13800000001']) f.screen.decide.set(to, (index) => ({ index, action: 'INTERCEPT', rule: 'BLACKLIST', reason: '黑名单' }));
    const result = await splitRequest(f.split, msg);
    expect(result).toMatchObject({ status: 'INTERCEPTED', enqueued: 0 });
    expect(f.requests.get('R1')).toMatchObject({ status: 'INTERCEPTED', interceptReason: '黑名单' });
    expect(f.screen.interceptedRequests.get('OUTPLATFORM#R1')).toMatchObject({ reason: '黑名单', recipientCount: 2 });
    expect(f.sendRecords.all()[0]!.status).toBe('UNSENDABLE');
  });

  it('fails the request when the enqueue fails, and the next split enqueues the records it finds stored', async () => {
    const f = setup(1);
    f.queue.fail = true;
    await expect(splitRequest(f.split, msg)).rejects.toThrow('queue down');
    // Not done: FAILED in the pending index (the message is retried too), the record kept UNSENT.
    expect(f.requests.get('R1')).toMatchObject({ status: 'FAILED', attempts: 1, nextCheckAt: '2024-05-01T02:00:40.000Z' });
    const [record] = f.sendRecords.all();
    expect(record!.status).toBe('UNSENT');
    f.queue.fail = false;
    expect(await splitRequest(f.split, msg)).toMatchObject({ outcome: 'split', status: 'SUCCESS', records: 1, enqueued: 1 });
    expect(f.queue.take().map((m) => m.message)).toEqual([{ kind: 'send', sendId: record!.sendId }]);
    expect(f.sendRecords.all()).toHaveLength(1);
    expect(f.requests.get('R1')).toMatchObject({ status: 'SUCCESS', attempts: 2, nextCheckAt: undefined });
  });

  it('splits a request with inline recipients in one step (INIT → SUCCESS), a bulk one through PROCESSING', async () => {
    const small = setup(3);
    const seen: string[] = [];
    const transition = small.requests.transition.bind(small.requests);
    small.requests.transition = async (request, change) => {
      seen.push(`${request.status}→${change.to}`);
      return transition(request, change);
    };
    await splitRequest(small.split, msg);
    expect(seen).toEqual(['INIT→SUCCESS']);
    // Nothing of a fresh split is left for the rescan: the records' messages carry them.
    expect([...small.sendRecords.nextCheck.values()].every((at) => at === undefined)).toBe(true);
    expect(small.requests.get('R1')!.nextCheckAt).toBeUndefined();
  });

  it('a duplicate delivery splitting at the same time adds nothing: same records, one SUCCESS', async () => {
    const f = setup(2);
    const [a, b] = await Promise.all([splitRequest(f.split, msg), splitRequest(f.split, msg)]);
    expect([a.outcome, b.outcome].sort()).toEqual(['duplicate', 'split']);
    expect(f.sendRecords.all()).toHaveLength(1);
    expect(f.requests.get('R1')).toMatchObject({ status: 'SUCCESS' });
  });

  it('fails the request (retried later) when a template method has no template', async () => {
    const f = setup(1, { useTmpl: 'Y' });
    await expect(splitRequest(f.split, msg)).rejects.toThrow('no template');
    expect(f.requests.get('R1')!.status).toBe('FAILED');
  });
});
