import { describe, expect, it } from 'vitest';
import { nextCheckAfterChange, rescanRequests, rescanSendRecords } from '#core/delivery/rescan';
import { sendRecord } from '#core/delivery/send-record';
import { splitRequest } from '#core/delivery/split-request';
import { deliveryFixture, requestOf, silentLog, testLanes, usersOf } from '../../support/fakes/delivery-fakes.ts';

const requestLanes = { general: 'q:requestGeneral', green: 'q:requestGreen' };

describe('rescanRequests', () => {
  it('re-enqueues due INIT and FAILED requests to their lane, once per stale period', async () => {
    const f = deliveryFixture();
    // A: its enqueue failed at intake, so the intake put it in the pending index.
    f.requests.add(requestOf({ requestNo: 'A' }), usersOf(1), '2024-05-01T02:00:00.000Z');
    f.requests.add(requestOf({ requestNo: 'B', status: 'FAILED', attempts: 1, greenLane: true }), usersOf(1), '2024-05-01T02:00:00.000Z');
    // Enqueued at intake: its message carries it, the rescan never sees it.
    f.requests.add(requestOf({ requestNo: 'CARRIED' }), usersOf(1));
    f.requests.add(requestOf({ requestNo: 'LATER' }), usersOf(1), '2024-05-01T03:00:00.000Z');
    const deps = { requests: f.requests, queue: f.queue, lanes: requestLanes, log: silentLog };
    expect(await rescanRequests(deps, f.clock.now)).toEqual({ scanned: 2, enqueued: 2, recovered: 0, abandoned: 0 });
    expect(f.queue.take().map((m) => [m.url, m.message]).sort()).toEqual([
      ['q:requestGeneral', { institution: 'OUTPLATFORM', requestNo: 'A' }],
      ['q:requestGreen', { institution: 'OUTPLATFORM', requestNo: 'B' }],
    ]);
    expect((await rescanRequests(deps, f.clock.now)).enqueued).toBe(0);
  });

  it('marks a request stuck in PROCESSING FAILED, then re-enqueues it; a fresh PROCESSING one is left alone', async () => {
    const f = deliveryFixture();
    f.requests.add(requestOf({ requestNo: 'STUCK', status: 'PROCESSING', attempts: 1, updatedAt: '2024-05-01T01:50:00.000Z' }), usersOf(1), '2024-05-01T01:55:00.000Z');
    f.requests.add(requestOf({ requestNo: 'BUSY', status: 'PROCESSING', attempts: 1, updatedAt: '2024-05-01T02:00:00.000Z' }), usersOf(1), '2024-05-01T02:00:00.000Z');
    const report = await rescanRequests({ requests: f.requests, queue: f.queue, lanes: requestLanes, log: silentLog }, f.clock.now);
    expect(report).toMatchObject({ recovered: 1, enqueued: 1 });
    expect(f.requests.get('STUCK')!.status).toBe('FAILED');
    expect(f.requests.get('BUSY')!.status).toBe('PROCESSING');
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'STUCK' });
    expect(f.requests.get('STUCK')).toMatchObject({ status: 'SUCCESS', attempts: 2 });
  });

  it('stops retrying a request that failed to split too often, leaving it FAILED', async () => {
    const f = deliveryFixture();
    f.requests.add(requestOf({ requestNo: 'X', status: 'FAILED', attempts: 10 }), usersOf(1), '2024-05-01T02:00:00.000Z');
    const report = await rescanRequests({ requests: f.requests, queue: f.queue, lanes: requestLanes, log: silentLog }, f.clock.now);
    expect(report).toMatchObject({ abandoned: 1, enqueued: 0 });
    expect(f.requests.get('X')).toMatchObject({ status: 'FAILED', nextCheckAt: undefined });
  });

  it('bounds the work of one run', async () => {
    const f = deliveryFixture();
    for (let i = 0; i < 30; i++) f.requests.add(requestOf({ requestNo: `N${i}` }), usersOf(1), '2024-05-01T02:00:00.000Z');
    const deps = { requests: f.requests, queue: f.queue, lanes: requestLanes, log: silentLog, maxItems: 10 };
    expect((await rescanRequests(deps, f.clock.now)).enqueued).toBe(10);
    expect((await rescanRequests(deps, f.clock.now)).enqueued).toBe(10);
  });
});

describe('rescanSendRecords', () => {
  const splitMany = async (count: number) => {
    const f = deliveryFixture();
    f.requests.add(requestOf({ recipientCount: count }), usersOf(count));
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
    return f;
  };

  it('never sees a freshly split record (its message carries it), however long it waits', async () => {
    const f = await splitMany(1);
    const deps = { sendRecords: f.sendRecords, queue: f.queue, lanes: testLanes, log: silentLog };
    expect((await rescanSendRecords(deps, new Date(f.clock.now.getTime() + 3_600_000))).scanned).toBe(0);
  });

  it('re-enqueues a resent or held record once it is due (it waits for a time, so it is pending)', async () => {
    const f = await splitMany(1);
    f.queue.take();
    const record = f.sendRecords.all()[0]!;
    await f.sendRecords.replace({ ...record, nextAttemptAt: '2024-05-01T02:10:00.000Z', updatedAt: f.clock.now.toISOString() }, record);
    const deps = { sendRecords: f.sendRecords, queue: f.queue, lanes: testLanes, log: silentLog };
    expect((await rescanSendRecords(deps, f.clock.now)).enqueued).toBe(0);
    f.advance(10 * 60_000 + 31_000); // due, plus the rescan's grace for the message that may still come
    expect(await rescanSendRecords(deps, f.clock.now)).toMatchObject({ scanned: 1, enqueued: 1 });
    const [message] = f.queue.take();
    expect(message!.url).toBe('q:smsGeneral');
    await sendRecord(f.send, (message!.message as { sendId: string }).sendId);
    expect(f.sendRecords.all()[0]!.status).toBe('SUCCESS');
    expect((await rescanSendRecords(deps, new Date(f.clock.now.getTime() + 3_600_000))).scanned).toBe(0);
  });

  it('does not re-enqueue a FAILED record before its backoff (plus grace) has passed', async () => {
    const f = await splitMany(1);
    f.provider.failTimes('13800000000', 1);
    await sendRecord(f.send, f.sendRecords.all()[0]!.sendId);
    f.queue.take();
    const deps = { sendRecords: f.sendRecords, queue: f.queue, lanes: testLanes, log: silentLog };
    f.advance(40_000);
    expect((await rescanSendRecords(deps, f.clock.now)).enqueued).toBe(0);
    f.advance(30_000);
    expect((await rescanSendRecords(deps, f.clock.now)).enqueued).toBe(1);
  });
});

describe('which send records the pending index holds (nextCheckAfterChange)', () => {
  // A record of a request accepted at 10:00:00.000 (its id starts with that time).
  const sendId = `20260301100000000${'a'.repeat(18)}`;
  const at = (time: string) => `2026-03-01T${time}Z`;

  it('none on the hot path: created, claimed and finished within a minute of acceptance', () => {
    expect(nextCheckAfterChange({ sendId, status: 'UNSENT', updatedAt: at('10:00:01.000') })).toBeUndefined();
    expect(nextCheckAfterChange({ sendId, status: 'SENDING', updatedAt: at('10:00:02.000') })).toBeUndefined();
    expect(nextCheckAfterChange({ sendId, status: 'SUCCESS', updatedAt: at('10:00:03.000') })).toBeUndefined();
  });

  it('an unfinished record changed after the sweep may have passed its id is held until it would be stale', () => {
    expect(nextCheckAfterChange({ sendId, status: 'SENDING', updatedAt: at('10:01:30.000') })).toBe(at('10:06:30.000'));
    expect(nextCheckAfterChange({ sendId, status: 'UNSENT', updatedAt: at('10:03:00.000') })).toBe(at('10:08:00.000'));
    // …and leaves the index when it is final, however late.
    expect(nextCheckAfterChange({ sendId, status: 'SUCCESS', updatedAt: at('11:00:00.000') })).toBeUndefined();
    expect(nextCheckAfterChange({ sendId, status: 'UNSENDABLE', updatedAt: at('11:00:00.000') })).toBeUndefined();
  });

  it('a failed or waiting record is due after its next attempt, whenever it changed', () => {
    expect(nextCheckAfterChange({ sendId, status: 'FAILED', updatedAt: at('10:00:01.000'), nextAttemptAt: at('10:00:31.000') })).toBe(at('10:01:01.000'));
    expect(nextCheckAfterChange({ sendId, status: 'UNSENT', updatedAt: at('10:00:01.000'), nextAttemptAt: at('22:00:00.000') })).toBe(at('22:00:30.000'));
  });
});
