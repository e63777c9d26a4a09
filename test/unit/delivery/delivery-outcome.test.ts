import { describe, expect, it } from 'vitest';
import type { SendRecipient } from '#contracts/records';
import { combineOutcomes, recordOutcome, reportsDelivery, requestOutcome } from '#core/delivery/delivery-outcome';
import { sendRecord } from '#core/delivery/send-record';
import { splitRequest } from '#core/delivery/split-request';
import { deliveryFixture, requestOf, usersOf } from '../../support/fakes/delivery-fakes.ts';

const rec = (status: 'SUCCESS' | 'UNSENDABLE' | 'FAILED', ...states: SendRecipient['status'][]) => ({
  status,
  recipients: states.map((s, index) => ({ index, to: 'x', status: s })),
});

describe('delivery outcome', () => {
  it('a record: pending while worked on or SENT; DELIVERED, PARTIAL, FAILED, INTERCEPTED once final', () => {
    expect(recordOutcome(rec('FAILED', 'FAILED'))).toBe('PENDING');
    expect(recordOutcome(rec('SUCCESS', 'SENT', 'DELIVERED'))).toBe('PENDING');
    expect(recordOutcome(rec('SUCCESS', 'DELIVERED', 'INTERCEPTED'))).toBe('DELIVERED');
    expect(recordOutcome(rec('SUCCESS', 'DELIVERED', 'UNDELIVERED'))).toBe('PARTIAL');
    expect(recordOutcome(rec('UNSENDABLE', 'UNSENDABLE'))).toBe('FAILED');
    expect(recordOutcome(rec('SUCCESS', 'INTERCEPTED', 'SUPPRESSED'))).toBe('INTERCEPTED');
  });

  it('a request: by its processing status until split, then its records combined; nothing to send is FAILED', () => {
    expect(requestOutcome({ status: 'INIT', attempts: 0 }, [])).toBe('PENDING');
    expect(requestOutcome({ status: 'FAILED', attempts: 10 }, [])).toBe('FAILED');
    expect(requestOutcome({ status: 'INTERCEPTED', attempts: 1 }, ['INTERCEPTED'])).toBe('INTERCEPTED');
    expect(requestOutcome({ status: 'SUCCESS', attempts: 1 }, [])).toBe('FAILED');
    expect(combineOutcomes(['DELIVERED', 'FAILED'])).toBe('PARTIAL');
    expect(combineOutcomes(['DELIVERED', 'PENDING'])).toBe('PENDING');
  });

  it('providers without reports count acceptance as delivery; those with reports leave it SENT', () => {
    expect(['SNS_SMS', 'HTTP_SMS', 'SES'].every((p) => reportsDelivery(p as 'SES', 'SMS'))).toBe(true);
    expect([reportsDelivery('SQS', 'MQ'), reportsDelivery('SNS_PUSH', 'PUSH'), reportsDelivery('OUTBOX', 'MQ'), reportsDelivery('OUTBOX', 'PUSH')]).toEqual([false, false, false, false]);
    expect([reportsDelivery('OUTBOX', 'SMS'), reportsDelivery('OUTBOX', 'EMAIL')]).toEqual([true, true]);
  });

  it('a request whose only record ended UNSENDABLE reads FAILED, never success; its one record holds the outcome', async () => {
    const f = deliveryFixture();
    f.requests.add(requestOf({ recipientCount: 1 }), usersOf(1));
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
    const [record] = f.sendRecords.all();
    expect(record!.soleRecord).toBe(true);
    expect(await f.requests.find('OUTPLATFORM', 'R1')).toMatchObject({ status: 'SUCCESS', outcomeSendId: record!.sendId });
    f.provider.failTimes('13800000000', 1, false);
    await sendRecord(f.send, record!.sendId);
    const after = f.sendRecords.records.get(record!.sendId)!;
    expect(after.status).toBe('UNSENDABLE');
    expect(recordOutcome(after)).toBe('FAILED');
  });
});
