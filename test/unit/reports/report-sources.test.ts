import { describe, expect, it } from 'vitest';
import { fromSnsSmsLog, reportsOfQueueBody } from '#core/reports/report-sources';
import { reportFixture, reportFixtureJson } from '../../support/fakes/report-fakes.ts';

// Each source's documented payload (AWS's examples, with our values) → the normalised report.

describe('status report sources', () => {
  it('SES through the configuration set: delivery, permanent bounce (suppress), complaint (delivered, suppress)', () => {
    expect(reportsOfQueueBody(reportFixtureJson('ses-delivery.json'))).toEqual([
      expect.objectContaining({ source: 'SES', status: 'DELIVERED', providerMessageId: 'SES-MESSAGE-ID-3', address: 'happy@example.com', eventAt: '2026-12-01T08:40:04.133Z' }),
    ]);
    const [bounce] = reportsOfQueueBody(reportFixtureJson('ses-bounce.json'));
    expect(bounce).toMatchObject({ status: 'UNDELIVERED', suppress: 'HARD_BOUNCE', address: 'Gone@Example.com', providerMessageId: 'SES-MESSAGE-ID' });
    expect(bounce!.detail).toContain('550 5.1.1');
    expect(reportsOfQueueBody(reportFixtureJson('ses-complaint.json'))).toEqual([expect.objectContaining({ status: 'DELIVERED', suppress: 'COMPLAINT', address: 'angry@example.com' })]);
    const transient = reportFixtureJson('ses-bounce.json') as { bounce: { bounceType: string } };
    transient.bounce.bounceType = 'Transient';
    expect(reportsOfQueueBody(transient)[0]).not.toHaveProperty('suppress');
    // Opens and clicks say nothing final.
    expect(reportsOfQueueBody({ ...(reportFixtureJson('ses-delivery.json') as object), eventType: 'Open' })).toEqual([]);
  });

  it('SNS mobile push DeliveryFailure in its SNS envelope: UNDELIVERED, a disabled endpoint suppressed', () => {
    expect(reportsOfQueueBody(reportFixtureJson('push-delivery-failure.envelope.json'))).toEqual([
      expect.objectContaining({ source: 'SNS_PUSH', status: 'UNDELIVERED', providerMessageId: 'SNS-PUSH-MESSAGE-ID', suppress: 'ENDPOINT_DISABLED', eventAt: '2026-12-01T09:29:48.732Z' }),
    ]);
  });

  it('SNS SMS delivery-status log lines: SUCCESS → DELIVERED, FAILURE → UNDELIVERED with the carrier answer', () => {
    expect(fromSnsSmsLog('e1', reportFixture('sns-sms-success.log.json'))).toMatchObject({
      source: 'SNS_SMS', status: 'DELIVERED', providerMessageId: 'SNS-SMS-MESSAGE-ID', address: '+8613361249238', eventAt: '2026-12-01T08:40:34.558Z',
    });
    expect(fromSnsSmsLog('e2', reportFixture('sns-sms-failure.log.json'))).toMatchObject({ status: 'UNDELIVERED', detail: 'Unknown error attempting to reach phone' });
    expect(fromSnsSmsLog('e3', 'not json')).toBeUndefined();
  });

  it('refuses a body no source sends (it goes to the DLQ, never guessed at)', () => {
    expect(() => reportsOfQueueBody({ hello: 'world' })).toThrow(/无法识别/);
    expect(() => reportsOfQueueBody({ Type: 'Notification', MessageId: 'm', Message: '{' })).toThrow(/JSON/);
  });
});
