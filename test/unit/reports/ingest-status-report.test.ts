import { describe, expect, it } from 'vitest';
import type { StatusReport } from '#contracts/delivery-reports';
import { recordOutcome } from '#core/delivery/delivery-outcome';
import { sendRecord } from '#core/delivery/send-record';
import { splitRequest } from '#core/delivery/split-request';
import { carriedReport } from '#core/delivery/carried-rows';
import { EARLY_RETRY_LIMIT, earlyRetryOf, ingestStatusReport, reportIdOf, ReportTooEarlyError, type IngestReportDeps } from '#core/reports/ingest-status-report';
import { deliveryFixture, requestOf, silentLog, usersOf } from '../../support/fakes/delivery-fakes.ts';
import { FakeLookup, FakeReportStore } from '../../support/fakes/report-fakes.ts';
import { FakeSuppression } from '../../support/fakes/suppression-fake.ts';

const sentRecord = async (count = 2, channel: 'SMS' | 'EMAIL' = 'SMS') => {
  const f = deliveryFixture();
  if (channel === 'EMAIL') {
    f.config.put('sendType', { id: 'SMS_T', name: 'mail', channel: 'EMAIL', provider: 'OUTBOX' });
  }
  f.requests.add(requestOf({ recipientCount: count }), usersOf(count));
  await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
  const sendId = f.sendRecords.all()[0]!.sendId;
  await sendRecord(f.send, sendId);
  const reports = new FakeReportStore();
  const lookup = new FakeLookup();
  const suppression = new FakeSuppression();
  const deps: IngestReportDeps = { reports, lookup, sendRecords: f.sendRecords, suppression, now: f.send.now, log: silentLog };
  return { f, sendId, deps, reports, lookup, suppression };
};

const report = (over: Partial<StatusReport>): StatusReport => ({ kind: 'report', source: 'HTTP_SMS', eventId: 'e1', eventAt: '2024-05-01T02:01:00.000Z', status: 'DELIVERED', ...over });

describe('ingestStatusReport', () => {
  it('SENT → DELIVERED / UNDELIVERED by our message id; the record outcome follows; kept as APPLIED', async () => {
    const { f, sendId, deps, reports } = await sentRecord(2);
    expect(recordOutcome(f.sendRecords.records.get(sendId)!)).toBe('PENDING');
    expect(await ingestStatusReport(deps, report({ messageId: `${sendId}#0` }))).toBe('APPLIED');
    expect(recordOutcome(f.sendRecords.records.get(sendId)!)).toBe('PENDING');
    expect(await ingestStatusReport(deps, report({ eventId: 'e2', messageId: `${sendId}#1`, status: 'UNDELIVERED', detail: 'UNDELIV' }))).toBe('APPLIED');
    const record = f.sendRecords.records.get(sendId)!;
    expect(record.recipients.map((r) => [r.status, r.reportStatus])).toEqual([['DELIVERED', undefined], ['UNDELIVERED', 'UNDELIV']]);
    expect(record.recipients.every((r) => r.finalAt)).toBe(true);
    expect(recordOutcome(record)).toBe('PARTIAL');
    expect([...reports.items.values()].map((r) => [r.result, r.requestNo, r.mobile])).toEqual([['APPLIED', 'R1', '13800000000'], ['APPLIED', 'R1', '13800000001']]);
  });

  it('a duplicate is one report; a late one after a final state is kept (LATE) and never flips DELIVERED back', async () => {
    const { f, sendId, deps, reports } = await sentRecord(2);
    await ingestStatusReport(deps, report({ messageId: `${sendId}#0` }));
    await ingestStatusReport(deps, report({ messageId: `${sendId}#0` }));
    expect(reports.items.size).toBe(1);
    expect(await ingestStatusReport(deps, report({ eventId: 'late', messageId: `${sendId}#0`, status: 'UNDELIVERED' }))).toBe('LATE');
    expect(f.sendRecords.records.get(sendId)!.recipients[0]!.status).toBe('DELIVERED');
    expect(reports.items.size).toBe(2);
  });

  it('a one-recipient record holds the report that made it final (carried-rows.ts): no item, not even for a duplicate; a late one or another event is an item', async () => {
    const { f, sendId, deps, reports } = await sentRecord(1);
    const first = report({ messageId: `${sendId}#0`, detail: 'DELIVRD' });
    expect(await ingestStatusReport(deps, first)).toBe('APPLIED');
    expect(await ingestStatusReport(deps, first)).toBe('APPLIED');
    expect(reports.items.size).toBe(0);
    const record = f.sendRecords.records.get(sendId)!;
    expect(record.recipients[0]).toMatchObject({ status: 'DELIVERED', reportId: reportIdOf(first), reportSource: 'HTTP_SMS', reportAt: first.eventAt, reportStatus: 'DELIVRD' });
    expect(carriedReport(record)).toMatchObject({ id: reportIdOf(first), receiveStatus: 'DELIVERED', result: 'APPLIED', requestNo: 'R1', mobile: '13800000000', detail: 'DELIVRD' });
    expect(await ingestStatusReport(deps, report({ eventId: 'e2', messageId: `${sendId}#0` }))).toBe('APPLIED');
    expect(await ingestStatusReport(deps, report({ eventId: 'late', messageId: `${sendId}#0`, status: 'UNDELIVERED' }))).toBe('LATE');
    expect([...reports.items.values()].map((r) => r.result)).toEqual(['APPLIED', 'LATE']);
  });

  it('a redelivered report whose consumer died after writing the record redoes the roll-up and the callback trigger', async () => {
    const { sendId, deps } = await sentRecord(1);
    const rolledUp: string[] = [];
    const triggered: string[] = [];
    let dies = true;
    const withFollowUps: IngestReportDeps = {
      ...deps,
      outcomes: { rollUp: async (record) => void rolledUp.push(record.sendId) },
      onRecordChanged: async (id) => {
        if (dies) throw new Error('the consumer died here');
        triggered.push(id);
      },
    };
    // A request of two send records, so its outcome is rolled up rather than the record's own.
    const record = deps.sendRecords as unknown as { records: Map<string, { soleRecord?: boolean }> };
    delete record.records.get(sendId)!.soleRecord;
    await expect(ingestStatusReport(withFollowUps, report({ messageId: `${sendId}#0` }))).rejects.toThrow('the consumer died here');
    dies = false;
    // SQS delivers the same report again: the record already holds its outcome.
    expect(await ingestStatusReport(withFollowUps, report({ messageId: `${sendId}#0` }))).toBe('APPLIED');
    expect({ rolledUp, triggered }).toEqual({ rolledUp: [sendId, sendId], triggered: [sendId] });
    // Another outcome after the final one is LATE, and triggers nothing.
    expect(await ingestStatusReport(withFollowUps, report({ eventId: 'late', messageId: `${sendId}#0`, status: 'UNDELIVERED' }))).toBe('LATE');
    expect({ rolledUp, triggered }).toEqual({ rolledUp: [sendId, sendId], triggered: [sendId] });
  });

  it('unknown provider message ids are kept as UNMATCHED; OUTBOX ids and looked-up ids match', async () => {
    const { f, sendId, deps, reports, lookup } = await sentRecord(2);
    expect(await ingestStatusReport(deps, report({ source: 'SNS_SMS', providerMessageId: 'nobody', address: '+8613800000009' }))).toBe('UNMATCHED');
    expect([...reports.items.values()][0]).toMatchObject({ result: 'UNMATCHED', mobile: '13800000009' });
    expect(await ingestStatusReport(deps, report({ source: 'OUTBOX', eventId: 'o', providerMessageId: `outbox:${sendId}#0` }))).toBe('APPLIED');
    lookup.ids.set('SNS_SMS#sns-1', `${sendId}#1`);
    expect(await ingestStatusReport(deps, report({ source: 'SNS_SMS', eventId: 's', providerMessageId: 'sns-1' }))).toBe('APPLIED');
    expect(f.sendRecords.records.get(sendId)!.recipients.map((r) => r.status)).toEqual(['DELIVERED', 'DELIVERED']);
  });

  it('a report before the acceptance was recorded is retried later (thrown), not lost', async () => {
    const f = deliveryFixture();
    f.requests.add(requestOf({ recipientCount: 1 }), usersOf(1));
    await splitRequest(f.split, { institution: 'OUTPLATFORM', requestNo: 'R1' });
    const sendId = f.sendRecords.all()[0]!.sendId;
    const deps: IngestReportDeps = { reports: new FakeReportStore(), lookup: new FakeLookup(), sendRecords: f.sendRecords, suppression: new FakeSuppression(), now: f.send.now, log: silentLog };
    await expect(ingestStatusReport(deps, report({ messageId: `${sendId}#0` }))).rejects.toBeInstanceOf(ReportTooEarlyError);
  });

  it('a hard bounce or a complaint suppresses the e-mail address (lower-cased); a transient bounce does not', async () => {
    const { sendId, deps, suppression, f } = await sentRecord(2, 'EMAIL');
    const to = f.sendRecords.records.get(sendId)!.recipients.map((r) => r.to);
    await ingestStatusReport(deps, report({ source: 'SES', messageId: `${sendId}#0`, status: 'UNDELIVERED', suppress: 'HARD_BOUNCE' }));
    await ingestStatusReport(deps, report({ source: 'SES', eventId: 'c', messageId: `${sendId}#1`, status: 'DELIVERED', suppress: 'COMPLAINT' }));
    await ingestStatusReport(deps, report({ source: 'SES', eventId: 't', providerMessageId: 'unknown', address: 'Soft@Example.com', status: 'UNDELIVERED' }));
    expect([...suppression.entries.values()].map((s) => [s.channel, s.address, s.reason])).toEqual([
      ['EMAIL', to[0]!.toLowerCase(), 'HARD_BOUNCE'],
      ['EMAIL', to[1]!.toLowerCase(), 'COMPLAINT'],
    ]);
  });

  it('rolls a finished record up into its request when the request has several', async () => {
    const { f, sendId, deps } = await sentRecord(1);
    const rolled: string[] = [];
    const record = f.sendRecords.records.get(sendId)!;
    f.sendRecords.records.set(sendId, { ...record, soleRecord: false });
    await ingestStatusReport({ ...deps, outcomes: { rollUp: async (r) => void rolled.push(r.sendId) } }, report({ messageId: `${sendId}#0` }));
    expect(rolled).toEqual([sendId]);
  });

  it('asks whether the request is final only once a record has every outcome, not on each report of it', async () => {
    const { sendId, deps } = await sentRecord(3);
    const asked: string[] = [];
    const watched = { ...deps, onRecordChanged: async (id: string) => void asked.push(id) };
    await ingestStatusReport(watched, report({ messageId: `${sendId}#0` }));
    await ingestStatusReport(watched, report({ eventId: 'e2', messageId: `${sendId}#1` }));
    expect(asked).toEqual([]);
    await ingestStatusReport(watched, report({ eventId: 'e3', messageId: `${sendId}#2`, status: 'UNDELIVERED' }));
    expect(asked).toEqual([sendId]);
  });

  it('brings a too-early report back in 2 s at first, then ever later, never beyond a minute, and stops after its tries', () => {
    const delays: number[] = [];
    let current = report({ messageId: 'x#0' });
    for (let retry = earlyRetryOf(current); retry; retry = earlyRetryOf(current)) {
      delays.push(retry.delaySeconds);
      current = retry.report;
    }
    expect(delays).toHaveLength(EARLY_RETRY_LIMIT);
    expect(delays.slice(0, 10)).toEqual([2, 2, 2, 2, 2, 4, 8, 16, 32, 60]);
    expect(Math.max(...delays)).toBe(60);
    // Long enough for a slow bulk record (minutes), short of the queue's retention.
    expect(delays.reduce((a, b) => a + b, 0)).toBeGreaterThan(20 * 60);
    expect(current).toMatchObject({ earlyTries: EARLY_RETRY_LIMIT, messageId: 'x#0' });
  });

  it('an SNS SMS report naming only the number: the recipient with its provider id among the number\'s records; a record of that number being sent makes it too early, not unmatched', async () => {
    const { f, sendId, deps } = await sentRecord(1);
    const lookup = deps.lookup as FakeLookup;
    const record = f.sendRecords.records.get(sendId)!;
    const snsReport = (providerMessageId: string, eventId: string) => report({ source: 'SNS_SMS', eventId, providerMessageId, address: '+86 138 0000 0000' });
    lookup.byMobile.set('13800000000', ['other', sendId]);
    expect(await ingestStatusReport(deps, snsReport(record.recipients[0]!.providerMessageId!, 'a1'))).toBe('APPLIED');
    expect(f.sendRecords.records.get(sendId)!.recipients[0]!.status).toBe('DELIVERED');
    expect(await ingestStatusReport(deps, snsReport('not-ours', 'a2'))).toBe('UNMATCHED');
    const current = f.sendRecords.records.get(sendId)!;
    f.sendRecords.records.set(sendId, { ...current, status: 'SENDING' });
    await expect(ingestStatusReport(deps, snsReport('not-yet-written', 'a3'))).rejects.toBeInstanceOf(ReportTooEarlyError);
    // A log whose time does not parse is kept unmatched, not thrown back to the queue.
    f.sendRecords.records.set(sendId, current);
    expect(await ingestStatusReport(deps, { ...snsReport('odd-time', 'a4'), eventAt: '01/12/2026 08:40' })).toBe('UNMATCHED');
  });
});
