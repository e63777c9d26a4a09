import { describe, expect, it } from 'vitest';
import { ClaimHeldError } from '#core/delivery/ports';
import { carriedCall } from '#core/delivery/carried-rows';
import { withCallLog, type SendLogStore } from '#core/delivery/log-provider-calls';
import { sendRecord } from '#core/delivery/send-record';
import { splitRequest } from '#core/delivery/split-request';
import { deliveryFixture, requestOf, silentLog, usersOf } from '../../support/fakes/delivery-fakes.ts';

/** A request split into one SMS record of `count` recipients; returns the fixture and the record id. */
const splitOne = async (count = 2, configure?: (f: ReturnType<typeof deliveryFixture>) => void) => {
  const f = deliveryFixture();
  configure?.(f);
  f.requests.add(requestOf({ recipientCount: count }), usersOf(count));
  await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
  f.queue.take();
  return { f, sendId: f.sendRecords.all()[0]!.sendId };
};

describe('sendRecord', () => {
  it('sends every recipient with a deterministic message id and marks record and recipients SUCCESS', async () => {
    const { f, sendId } = await splitOne(2);
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'sent', status: 'SUCCESS', succeeded: 2, failed: 0, unsendable: 0 });
    expect(f.provider.calls.map((m) => [m.id, m.to, m.content, m.smsType])).toEqual([
      [`${sendId}#0`, '13800000000', '内容', 'Transactional'],
      [`${sendId}#1`, '13800000001', '内容', 'Transactional'],
    ]);
    const record = f.sendRecords.records.get(sendId)!;
    expect(record).toMatchObject({ status: 'SUCCESS', sendCount: 1 });
    expect(record.recipients.map((r) => [r.status, r.providerMessageId])).toEqual([
      ['SENT', `p-${sendId}#0`],
      ['SENT', `p-${sendId}#1`],
    ]);
    expect(f.sendRecords.nextCheck.get(sendId)).toBeUndefined();
  });

  it("a one-recipient record keeps its accepted call (provider, call time) on the write that records it: the call log writes no entry; a bulk record's calls are entries", async () => {
    const run = async (count: number) => {
      const { f, sendId } = await splitOne(count);
      const stored: { messageId: string; carried: boolean }[] = [];
      const store: SendLogStore = { record: async (entry, how) => void stored.push({ messageId: entry.messageId, carried: how.carried }) };
      await sendRecord({ ...f.send, providers: withCallLog(f.send.providers, { store, now: f.send.now, log: silentLog }) }, sendId);
      return { record: f.sendRecords.records.get(sendId)!, stored, sendId };
    };
    const single = await run(1);
    expect(single.stored).toEqual([{ messageId: `${single.sendId}#0`, carried: true }]);
    expect(single.record.recipients[0]).toMatchObject({ status: 'SENT', provider: 'OUTBOX', callMs: 0 });
    expect(carriedCall(single.record)).toMatchObject({ messageId: `${single.sendId}#0`, provider: 'OUTBOX', outcome: 'ACCEPTED', to: '138****0000', providerMessageId: `p-${single.sendId}#0`, requestNo: 'R1' });
    const bulk = await run(2);
    expect(bulk.stored.map((s) => s.carried)).toEqual([false, false]);
    expect(bulk.record.recipients.map((r) => r.provider)).toEqual([undefined, undefined]);
    expect(carriedCall(bulk.record)).toBeUndefined();
  });

  it("an SNS SMS to the recipient's own mobile stores no provider-id lookup (its report finds the record by the number); one sent a day after its request (split then, as a scheduled send is) still does", async () => {
    const run = async (delayMs: number) => {
      const { f, sendId } = await splitOne(1, (fx) => {
        fx.config.put('sendType', { id: 'SMS_T', name: '短信', channel: 'SMS', provider: 'SNS_SMS' });
        fx.advance(delayMs);
      });
      const lookups: boolean[] = [];
      const store: SendLogStore = { record: async (_entry, how) => void lookups.push(how.byProviderId) };
      await sendRecord({ ...f.send, providers: withCallLog({ SNS_SMS: f.provider }, { store, now: f.send.now, log: silentLog }) }, sendId);
      expect(f.sendRecords.records.get(sendId)!.recipients[0]).toMatchObject({ status: 'SENT', providerMessageId: `p-${sendId}#0` });
      return lookups;
    };
    expect(await run(0)).toEqual([false]);
    expect(await run(25 * 3_600_000)).toEqual([true]);
  });

  it('ends quietly for absent, SUCCESS and UNSENDABLE records (only UNSENT|FAILED → SENDING)', async () => {
    const { f, sendId } = await splitOne(1);
    expect(await sendRecord(f.send, 'nope')).toEqual({ outcome: 'absent' });
    await sendRecord(f.send, sendId);
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'done' });
    expect(f.provider.calls).toHaveLength(1);
    const record = f.sendRecords.records.get(sendId)!;
    f.sendRecords.records.set(sendId, { ...record, status: 'UNSENDABLE' });
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'done' });
  });

  it('a copy meeting a fresh SENDING claim throws to be delivered again later; the provider is not called', async () => {
    const { f, sendId } = await splitOne(1);
    const record = f.sendRecords.records.get(sendId)!;
    await f.sendRecords.replace({ ...record, status: 'SENDING', updatedAt: f.clock.now.toISOString() }, record);
    await expect(sendRecord(f.send, sendId)).rejects.toBeInstanceOf(ClaimHeldError);
    expect(f.provider.calls).toHaveLength(0);
  });

  it('the redelivered message of a consumer that died mid-send takes the stale claim over, counting the attempt', async () => {
    const { f, sendId } = await splitOne(1);
    const record = f.sendRecords.records.get(sendId)!;
    await f.sendRecords.replace({ ...record, status: 'SENDING', updatedAt: f.clock.now.toISOString() }, record);
    // SENDING is carried by its consumer's message, not by the pending index.
    expect(f.sendRecords.nextCheck.get(sendId)).toBeUndefined();
    f.advance(5 * 60_000 + 1000);
    expect(await sendRecord(f.send, sendId)).toMatchObject({ outcome: 'sent', status: 'SUCCESS', succeeded: 1 });
    expect(f.sendRecords.records.get(sendId)).toMatchObject({ status: 'SUCCESS', sendCount: 2 });
    expect(f.provider.calls).toHaveLength(1);
  });

  describe('the SENDING claim', () => {
    /** The stored record's status at each provider call (what another copy reading it would see). */
    const watchWhileSending = (f: ReturnType<typeof deliveryFixture>, sendId: string) => {
      const seen: string[] = [];
      const send = f.provider.send.bind(f.provider);
      f.provider.send = async (message) => {
        seen.push(f.sendRecords.records.get(sendId)!.status);
        return send(message);
      };
      return seen;
    };

    it('is skipped on a first delivery through a provider that dedupes by our message id (OUTBOX, HTTP gateway)', async () => {
      const { f, sendId } = await splitOne(1);
      const seen = watchWhileSending(f, sendId);
      expect(await sendRecord(f.send, sendId, { receiveCount: 1 })).toMatchObject({ outcome: 'sent', status: 'SUCCESS' });
      expect(seen).toEqual(['UNSENT']);
      expect(f.sendRecords.records.get(sendId)).toMatchObject({ status: 'SUCCESS', sendCount: 1 });
    });

    it('is written on a redelivery (its consumer may have died mid-send) and when the delivery is unknown', async () => {
      for (const copy of [{ receiveCount: 2 }, {}]) {
        const { f, sendId } = await splitOne(1);
        const seen = watchWhileSending(f, sendId);
        await sendRecord(f.send, sendId, copy);
        expect(seen).toEqual(['SENDING']);
      }
    });

    it('is written for a provider that does not dedupe (SNS SMS), even on a first delivery', async () => {
      const { f, sendId } = await splitOne(1, (fixture) => {
        fixture.config.put('sendType', { id: 'SMS_T', name: '短信', channel: 'SMS', provider: 'SNS_SMS' });
        fixture.send.providers = { SNS_SMS: fixture.provider };
      });
      const seen = watchWhileSending(f, sendId);
      await sendRecord(f.send, sendId, { receiveCount: 1 });
      expect(seen).toEqual(['SENDING']);
    });

    it('two first copies at once: both call with the same message id (delivered once by the provider), one writes the outcome', async () => {
      const { f, sendId } = await splitOne(1);
      const results = await Promise.all([sendRecord(f.send, sendId, { receiveCount: 1 }), sendRecord(f.send, sendId, { receiveCount: 1 })]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['busy', 'sent']);
      expect(new Set(f.provider.calls.map((m) => m.id))).toEqual(new Set([`${sendId}#0`]));
      expect(f.provider.delivered.size).toBe(1);
      expect(f.sendRecords.records.get(sendId)).toMatchObject({ status: 'SUCCESS', sendCount: 1 });
    });
  });

  it('retries a failing recipient with backoff, re-enqueued with a delay, then succeeds', async () => {
    const { f, sendId } = await splitOne(2);
    f.provider.failTimes('13800000001', 2);
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'FAILED', succeeded: 1, failed: 1 });
    let record = f.sendRecords.records.get(sendId)!;
    expect(record).toMatchObject({ status: 'FAILED', sendCount: 1, nextAttemptAt: '2024-05-01T02:00:40.000Z' });
    expect(record.recipients.map((r) => r.status)).toEqual(['SENT', 'FAILED']);
    expect(record.recipients[1]!.error).toContain('gateway refused');
    expect(f.queue.take()).toEqual([{ url: 'q:smsGeneral', message: { kind: 'send', sendId }, delaySeconds: 30 }]);

    // A copy arriving before the backoff ends (e.g. from the rescan) does nothing.
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'not-due' });
    f.advance(30_000);
    await sendRecord(f.send, sendId);
    record = f.sendRecords.records.get(sendId)!;
    expect(record).toMatchObject({ status: 'FAILED', sendCount: 2, nextAttemptAt: '2024-05-01T02:01:40.000Z' });
    expect(f.queue.take()[0]!.delaySeconds).toBe(60);
    f.advance(60_000);
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'SUCCESS', succeeded: 1 });
    // The first recipient was sent once only; the second was tried three times.
    expect(f.provider.calls.map((c) => c.to)).toEqual(['13800000000', '13800000001', '13800000001', '13800000001']);
    expect(f.sendRecords.records.get(sendId)).toMatchObject({ status: 'SUCCESS', sendCount: 3 });
  });

  it('gives up at the send limit: UNSENDABLE with the counts right', async () => {
    const { f, sendId } = await splitOne(1);
    f.provider.failTimes('13800000000', 99);
    for (let i = 0; i < 3; i++) {
      await sendRecord(f.send, sendId);
      f.advance(10 * 60_000);
    }
    const record = f.sendRecords.records.get(sendId)!;
    expect(record).toMatchObject({ status: 'UNSENDABLE', sendCount: 3 });
    expect(record.recipients[0]).toMatchObject({ status: 'UNSENDABLE' });
    expect(f.provider.calls).toHaveLength(3);
    expect(f.sendRecords.nextCheck.get(sendId)).toBeUndefined();
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'done' });
  });

  it('marks a record already at its limit UNSENDABLE without calling the provider', async () => {
    const { f, sendId } = await splitOne(1);
    const record = f.sendRecords.records.get(sendId)!;
    f.sendRecords.records.set(sendId, { ...record, status: 'FAILED', sendCount: 3 });
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'UNSENDABLE', unsendable: 1 });
    expect(f.provider.calls).toEqual([]);
  });

  it('lets whitelisted (limit-exempt) records retry past the configured limit', async () => {
    const { f, sendId } = await splitOne(1, (g) => g.screen.decide.set('13800000000', (index) => ({ index, action: 'SEND', exempt: true })));
    const record = f.sendRecords.records.get(sendId)!;
    f.sendRecords.records.set(sendId, { ...record, status: 'FAILED', sendCount: 3 });
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'SUCCESS' });
  });

  it('makes a recipient with a final provider error UNSENDABLE at once, without retries', async () => {
    const { f, sendId } = await splitOne(2);
    f.provider.failTimes('13800000000', 1, false);
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'SUCCESS', succeeded: 1, unsendable: 1 });
    expect(f.sendRecords.records.get(sendId)!.recipients.map((r) => r.status)).toEqual(['UNSENDABLE', 'SENT']);
    expect(f.queue.messages).toEqual([]);

    const g = await splitOne(1);
    g.f.provider.failTimes('13800000000', 1, false);
    expect(await sendRecord(g.f.send, g.sendId)).toMatchObject({ status: 'UNSENDABLE' });
  });

  it('waits outside the send window: nextAttemptAt = window opening, delayed message when ≤ 15 min', async () => {
    // 02:00:10Z is 10:00:10 in Shanghai.
    const { f, sendId } = await splitOne(1, (g) => g.config.put('dispatchConfig', { id: 'CFG', name: 'w', match: {}, sendLimit: 3, sendWindow: { start: '10:10', end: '20:00' } }));
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'deferred', until: '2024-05-01T02:10:00.000Z' });
    expect(f.provider.calls).toEqual([]);
    expect(f.sendRecords.records.get(sendId)).toMatchObject({ status: 'UNSENT', sendCount: 0, nextAttemptAt: '2024-05-01T02:10:00.000Z' });
    expect(f.queue.take()).toEqual([{ url: 'q:smsGeneral', message: { kind: 'send', sendId }, delaySeconds: 590 }]);
    f.advance(590_000);
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'SUCCESS' });
  });

  it('leaves long waits (window opening hours away) to the rescan', async () => {
    const { f, sendId } = await splitOne(1, (g) => g.config.put('dispatchConfig', { id: 'CFG', name: 'w', match: {}, sendWindow: { start: '22:00', end: '07:00' } }));
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'deferred', until: '2024-05-01T14:00:00.000Z' });
    expect(f.queue.messages).toEqual([]);
    expect(f.sendRecords.nextCheck.get(sendId)).toBe('2024-05-01T14:00:30.000Z');
  });

  it('sends held recipients once their hold has ended', async () => {
    const until = new Date('2024-05-01T03:00:00.000Z');
    const { f, sendId } = await splitOne(2, (g) => g.screen.decide.set('13800000001', (index) => ({ index, action: 'HOLD', until, reason: '免打扰' })));
    expect(await sendRecord(f.send, sendId)).toEqual({ outcome: 'not-due' });
    f.clock.now = until;
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'SUCCESS', succeeded: 2 });
  });

  it('treats a send type whose provider is not available here as a retryable failure', async () => {
    const { f, sendId } = await splitOne(1, (g) => g.config.put('sendType', { id: 'SMS_T', name: '短信', channel: 'SMS', provider: 'SNS_SMS' }));
    expect(await sendRecord(f.send, sendId)).toMatchObject({ status: 'FAILED', failed: 1 });
    expect(f.sendRecords.records.get(sendId)!.lastError).toContain('SNS_SMS');
  });

  it('sends per-recipient template text when the template used recipient fields', async () => {
    const f = deliveryFixture();
    f.config
      .put('template', { id: 'T1', name: 't', title: 'Hi', content: '${custName} 你好' })
      .put('dispatchMethod', { id: 'M_SMS', dispatchConfigId: 'CFG', sendTypeId: 'SMS_T', templateId: 'T1' });
    f.requests.add(requestOf({ useTmpl: 'Y', recipientCount: 2 }), usersOf(2, (i) => ({ custName: `客户${i}` })));
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
    await sendRecord(f.send, f.sendRecords.all()[0]!.sendId);
    expect(f.provider.calls.map((c) => c.content)).toEqual(['客户0 你好', '客户1 你好']);
  });
});
