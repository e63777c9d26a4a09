import type { Context, SQSEvent } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../../../layers/contracts/platform-metrics.ts';
import { countDelivery, countRequestAccepted, countCaptchaDelivery } from '../../../layers/runtime/metrics.ts';
import { sqsHandler } from '../../../layers/runtime/sqs-handler.ts';

// What CloudWatch receives: embedded-metric-format lines on stdout, one per dimension set.
interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [key: string]: unknown;
}

type Spy = { mock: { calls: unknown[][] }; mockRestore: () => void };

const written = (spy: Spy): string[] => spy.mock.calls.map(([chunk]) => String(chunk));

const emitted = (spy: Spy): Emf[] =>
  written(spy)
    .filter((line) => line.includes('"CloudWatchMetrics"'))
    .map((line) => JSON.parse(line) as Emf);

const context = { functionName: 'f', awsRequestId: 'r', getRemainingTimeInMillis: () => 1000 } as unknown as Context;
const record = (body: unknown) => ({ messageId: 'm1', body: JSON.stringify(body), attributes: { ApproximateReceiveCount: '1' }, eventSourceARN: 'arn:aws:sqs:x:1:q' });

describe('business metrics', () => {
  let stdout: Spy;
  beforeEach(() => {
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true) as unknown as Spy;
  });
  afterEach(() => stdout.mockRestore());

  it('counts a send attempt by channel and outcome, and its provider errors, each with its own dimensions', () => {
    countDelivery('SMS', { outcome: 'sent', status: 'FAILED', succeeded: 2, failed: 1, unsendable: 0 });
    const lines = emitted(stdout);
    const values = lines.map((l) => [l._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name, l.channel, l.outcome ?? null, l[l._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name]]);
    expect(values).toEqual([
      ['Deliveries', 'SMS', 'SUCCESS', 2],
      ['Deliveries', 'SMS', 'FAILED', 1],
      ['ProviderErrors', 'SMS', null, 1],
    ]);
    for (const line of lines) {
      expect(line._aws.CloudWatchMetrics[0]!.Namespace).toBe(METRICS_NAMESPACE);
      expect(line.service).toBe(METRICS_SERVICE);
    }
  });

  it('counts nothing for an attempt that sent nothing, and a refused queued captcha as an SMS provider error', () => {
    countDelivery('EMAIL', { outcome: 'busy' });
    expect(emitted(stdout)).toEqual([]);
    expect(countCaptchaDelivery('FAILED')).toBe('FAILED');
    expect(emitted(stdout).map((l) => [l.channel, l.ProviderErrors])).toEqual([['SMS', 1]]);
  });

  it('flushes buffered counts at the end of a wrapped invocation, and writes nothing when none were made', async () => {
    const handler = sqsHandler(z.object({ n: z.number() }), async ({ n }) => {
      for (let i = 0; i < n; i++) countRequestAccepted();
    });
    await handler({ Records: [record({ n: 0 })] } as unknown as SQSEvent, context);
    expect(emitted(stdout)).toEqual([]);
    expect(written(stdout).join('')).not.toContain('No application metrics');
    await handler({ Records: [record({ n: 3 })] } as unknown as SQSEvent, context);
    // EMF keeps each value; CloudWatch sums them into one data point.
    expect(emitted(stdout).map((l) => [l.RequestsAccepted].flat().reduce((a, b) => Number(a) + Number(b), 0))).toEqual([3]);
  });
});
