import { Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { CHANNEL_KINDS } from '#contracts/config-common';
import { DELIVERY_OUTCOMES, METRICS_NAMESPACE, METRICS_SERVICE, PLATFORM_METRICS } from '#contracts/platform-metrics';
import type { QueueWithDlq } from './queue-with-dlq.ts';
import type { ManifestFunction } from './manifest-function.ts';

export interface PlatformMonitoringProps {
  stageName: string;
  api: HttpApi;
  queues: Record<string, QueueWithDlq>;
  functions: Record<string, ManifestFunction>;
}

const FIVE_MINUTES = Duration.minutes(5);

/** A business metric as the functions write it (layers/runtime/metrics.ts). */
export const platformMetric = (name: string, dimensions: Record<string, string> = {}, label?: string): Metric =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: METRICS_SERVICE, ...dimensions }, statistic: 'Sum', period: FIVE_MINUTES, label });

/** Thresholds, in percent of the period's calls, and the volume below which a rate means nothing. */
export const RATE_ALARMS = {
  api5xx: { percent: 1, minRequests: 20 },
  api4xx: { percent: 25, minRequests: 100 },
  providerFailure: { percent: 20, minAttempts: 10 },
} as const;

/** Percent of `total` that `errors` is, 0 below `minTotal` calls; `key` keeps metric ids unique on a graph. */
const rate = (key: string, errors: IMetric, total: IMetric, minTotal: number, label: string) =>
  new MathExpression({
    expression: `IF(${key}Total >= ${minTotal}, 100 * ${key}Errors / ${key}Total, 0)`,
    usingMetrics: { [`${key}Errors`]: errors, [`${key}Total`]: total },
    period: FIVE_MINUTES,
    label,
  });

/**
 * The stage's CloudWatch dashboard (intake, delivery outcomes by channel, provider errors, captcha,
 * DLQ depths, function errors) and the rate alarms no single resource owns: API 5xx and 4xx, and each
 * channel's provider failure rate. DLQ and function-error alarms are their resources' own; every
 * alarm is sent to the alarm topic by the NotifyOnAlarm aspect.
 */
export class PlatformMonitoring extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: PlatformMonitoringProps) {
    super(scope, id);
    const { api, queues, functions } = props;
    const channels = CHANNEL_KINDS;

    const requests = api.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const api5xx = rate('api5xx', api.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' }), requests, RATE_ALARMS.api5xx.minRequests, 'API 5xx %');
    const api4xx = rate('api4xx', api.metricClientError({ period: FIVE_MINUTES, statistic: 'Sum' }), requests, RATE_ALARMS.api4xx.minRequests, 'API 4xx %');
    // Handled failures (a DynamoDB outage answered with an envelope 500) are no Lambda errors: this is their alarm.
    new Alarm(this, 'Api5xxRateAlarm', {
      alarmDescription: `More than ${RATE_ALARMS.api5xx.percent}% of API calls answered 5xx in 5 minutes`,
      metric: api5xx,
      threshold: RATE_ALARMS.api5xx.percent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    new Alarm(this, 'Api4xxRateAlarm', {
      alarmDescription: `More than ${RATE_ALARMS.api4xx.percent}% of API calls answered 4xx for 15 minutes (a caller with a broken key or body, or an attack)`,
      metric: api4xx,
      threshold: RATE_ALARMS.api4xx.percent,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });

    const deliveries = (channel: string, outcome: string) => platformMetric(PLATFORM_METRICS.deliveries, { channel, outcome }, `${channel} ${outcome}`);
    const providerFailureRates = channels.map((channel) => {
      const key = channel.toLowerCase();
      const failureRate = new MathExpression({
        expression: `IF(${key}Ok + ${key}Failed >= ${RATE_ALARMS.providerFailure.minAttempts}, 100 * ${key}Failed / (${key}Ok + ${key}Failed), 0)`,
        usingMetrics: { [`${key}Ok`]: deliveries(channel, 'SUCCESS'), [`${key}Failed`]: deliveries(channel, 'FAILED') },
        period: FIVE_MINUTES,
        label: `${channel} provider failure %`,
      });
      new Alarm(this, `${channel}ProviderFailureRateAlarm`, {
        alarmDescription: `More than ${RATE_ALARMS.providerFailure.percent}% of ${channel} provider calls failed for 10 minutes`,
        metric: failureRate,
        threshold: RATE_ALARMS.providerFailure.percent,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 2,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      return failureRate;
    });

    const graph = (title: string, left: IMetric[], width = 12) => new GraphWidget({ title, left, width, height: 6 });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(3),
      widgets: [
        [new TextWidget({ markdown: `# Message platform (${props.stageName})\nBusiness metrics: namespace \`${METRICS_NAMESPACE}\`, service \`${METRICS_SERVICE}\`.`, width: 24, height: 2 })],
        [
          graph('Intake: requests accepted, API calls', [platformMetric(PLATFORM_METRICS.requestsAccepted, {}, 'accepted'), requests]),
          graph('API error rates (%)', [api5xx, api4xx]),
        ],
        [
          graph('Deliveries by channel and outcome (recipients)', channels.flatMap((c) => DELIVERY_OUTCOMES.map((o) => deliveries(c, o)))),
          graph('Provider errors by channel', channels.map((c) => platformMetric(PLATFORM_METRICS.providerErrors, { channel: c }, c))),
        ],
        [
          graph('Provider failure rate by channel (%)', providerFailureRates),
          graph('Captcha: codes sent, verifications', [
            platformMetric(PLATFORM_METRICS.captchaSends, {}, 'sent'),
            ...(['PASS', 'UNPASS'] as const).map((s) => platformMetric(PLATFORM_METRICS.captchaVerifies, { status: s }, `verify ${s}`)),
          ]),
        ],
        [
          graph('DLQ depth (messages)', Object.entries(queues).map(([name, pair]) => pair.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), label: name, statistic: 'Maximum' }))),
          graph('Function errors', Object.entries(functions).map(([name, fn]) => fn.fn.metricErrors({ period: FIVE_MINUTES, label: name }))),
        ],
      ],
    });
  }
}
