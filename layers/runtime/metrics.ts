import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { ChannelKind as Channel } from '#contracts/config-common';
import { METRICS_NAMESPACE, METRICS_SERVICE, PLATFORM_METRICS, type DeliveryOutcome } from '#contracts/platform-metrics';
import type { SendOutcome } from '#core/delivery/send-record';
import { deferConsoleStreams } from './console-streams.ts';

// Business metrics in CloudWatch's embedded metric format: written to the function's log, turned into
// metrics by CloudWatch with no API call. Dimensioned counts are single metrics (own dimension set,
// written at once); the rest are flushed by `metricsMiddleware` at the end of each invocation.

deferConsoleStreams(Metrics.prototype);
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/**
 * Flushes the invocation's buffered metrics, also when it fails. Unlike Powertools' logMetrics it stays
 * silent when an invocation counted nothing (most do: health probes, admin reads).
 */
export const metricsMiddleware = (): MiddlewareObj => {
  const flush = () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
};

const count = (name: string, dimensions: Record<string, string>, value = 1): void => {
  if (value <= 0) return;
  const single = metrics.singleMetric();
  for (const [key, dimension] of Object.entries(dimensions)) single.addDimension(key, dimension);
  single.addMetric(name, MetricUnit.Count, value);
};

export const countRequestAccepted = (): void => {
  metrics.addMetric(PLATFORM_METRICS.requestsAccepted, MetricUnit.Count, 1);
};

/** Counts one send attempt's recipients by outcome, and its provider failures; returns the outcome for logging. */
export const countDelivery = (channel: Channel, result: SendOutcome): SendOutcome => {
  if (result.outcome !== 'sent') return result;
  const byOutcome: Record<DeliveryOutcome, number> = { SUCCESS: result.succeeded, FAILED: result.failed, UNSENDABLE: result.unsendable };
  for (const [outcome, n] of Object.entries(byOutcome)) count(PLATFORM_METRICS.deliveries, { channel, outcome }, n);
  count(PLATFORM_METRICS.providerErrors, { channel }, result.failed);
  return result;
};

export const countProviderError = (channel: Channel): void => count(PLATFORM_METRICS.providerErrors, { channel });

export const countCaptchaSend = (): void => {
  metrics.addMetric(PLATFORM_METRICS.captchaSends, MetricUnit.Count, 1);
};

export const countCaptchaVerify = (status: 'PASS' | 'UNPASS'): void => count(PLATFORM_METRICS.captchaVerifies, { status });

/** A queued captcha SMS that the provider refused counts as an SMS provider error; returns the outcome. */
export const countCaptchaDelivery = <O extends string>(outcome: O): O => {
  if (outcome === 'FAILED') countProviderError('SMS');
  return outcome;
};
