import { beforeAll, describe, expect, it } from 'vitest';
import { queueTriggers } from '../../infra/manifest/bindings.ts';
import { manifest } from '../../infra/manifest/index.ts';
import type { Manifest } from '../../infra/manifest/types.ts';
import { ADMIN_THROTTLE, ROUTE_THROTTLES, STAGE_THROTTLE } from '../../infra/constructs/route-throttles.ts';
import { METRICS_NAMESPACE, PLATFORM_METRICS } from '../../layers/contracts/platform-metrics.ts';
import { fixtureManifest } from './fixture-manifest.ts';
import { logicalId, resourcesOfType, synth, type Json, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

// Alarms that reach people, the dashboard, and the limits one caller or one bulk send cannot exceed.

const cases: [string, Manifest][] = [
  ['app manifest', manifest],
  ['fixture manifest', fixtureManifest],
];
const templatesOf = (s: Synth): [string, Json][] => Object.entries(s.json);
const alarmsOf = (s: Synth): [string, Json][] => templatesOf(s).flatMap(([, t]) => resourcesOfType(t, 'AWS::CloudWatch::Alarm'));

describe.each(cases)('operations (%s)', (_, m) => {
  let s: Synth;
  beforeAll(() => {
    s = synth({ stage: 'dev', manifest: m, context: { alarmEmails: 'oncall@example.com,platform@example.com' } });
  }, SYNTH_TIMEOUT_MS);

  it('has one alarm topic with the e-mail subscriptions given as context', () => {
    // The data stack has other topics too (AWS services' events into queues): the alarm topic's subscriptions only.
    const topicId = logicalId(s.data.alarms.topic);
    const subs = resourcesOfType(s.json.data, 'AWS::SNS::Subscription')
      .map(([, x]) => x.Properties)
      .filter((p) => JSON.stringify(p.TopicArn) === JSON.stringify({ Ref: topicId }));
    expect(subs).toEqual([
      expect.objectContaining({ Protocol: 'email', Endpoint: 'oncall@example.com', TopicArn: { Ref: topicId } }),
      expect.objectContaining({ Protocol: 'email', Endpoint: 'platform@example.com', TopicArn: { Ref: topicId } }),
    ]);
  });

  it('sends every alarm of every stack to the alarm topic', () => {
    const topicId = logicalId(s.data.alarms.topic);
    const alarms = alarmsOf(s);
    expect(alarms.length).toBeGreaterThan(0);
    for (const [id, alarm] of alarms) {
      const actions = JSON.stringify(alarm.Properties.AlarmActions ?? []);
      // Same stack: a Ref; other stacks: an import of the data stack's export of that Ref.
      const target = actions.includes(topicId) || (actions.includes('Fn::ImportValue') && JSON.stringify(s.json.data.Outputs).includes(topicId));
      expect(target, `${id} has no action on the alarm topic`).toBe(true);
    }
  });

  it('alarms on every DLQ and every function, whatever the manifest holds', () => {
    const alarms = alarmsOf(s).map(([, a]) => JSON.stringify(a.Properties.Dimensions ?? []));
    for (const pair of Object.values(s.data.queues)) expect(alarms.some((d) => d.includes(logicalId(pair.dlq)))).toBe(true);
    for (const fn of Object.values(s.api.functions)) expect(alarms.some((d) => d.includes(logicalId(fn.fn)))).toBe(true);
  });

  it('alarms on the API 5xx and 4xx rates and on each channel provider failure rate', () => {
    const maths = alarmsOf(s)
      .map(([, a]) => a.Properties)
      .filter((p) => p.Metrics);
    const expressionOf = (p: Json) => (p.Metrics as Json[]).find((x) => x.ReturnData !== false)!.Expression as string;
    const uses = (p: Json, name: string) => JSON.stringify(p.Metrics).includes(`"MetricName":"${name}"`);
    const api5xx = maths.find((p) => uses(p, '5xx'));
    const api4xx = maths.find((p) => uses(p, '4xx'));
    expect(expressionOf(api5xx!)).toMatch(/^IF\(api5xxTotal >= \d+, 100 \* api5xxErrors \/ api5xxTotal, 0\)$/);
    expect(api5xx).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' });
    expect(api4xx).toMatchObject({ Threshold: 25, EvaluationPeriods: 3 });
    const providers = maths.filter((p) => uses(p, PLATFORM_METRICS.deliveries));
    expect(providers.map((p) => JSON.stringify(p.Metrics).match(/"channel","Value":"(\w+)"/)?.[1]).sort()).toEqual(['EMAIL', 'MQ', 'PUSH', 'SMS']);
  });

  it('has a dashboard plotting every business metric the functions emit and every DLQ depth', () => {
    const [, dashboard] = resourcesOfType(s.json.api, 'AWS::CloudWatch::Dashboard')[0]!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(body).toContain(METRICS_NAMESPACE);
    for (const name of Object.values(PLATFORM_METRICS)) expect(body, name).toContain(name);
    for (const pair of Object.values(s.data.queues)) expect(body).toContain(logicalId(pair.dlq));
  });

  it('reserves each queue consumer the sum of its lanes, and nothing for HTTP functions', () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      const props = (s.json.api.Resources as Json)[logicalId(s.api.functions[name]!.fn)].Properties;
      const lanes = queueTriggers(spec);
      expect(props.ReservedConcurrentExecutions, name).toBe(lanes.length ? lanes.reduce((n, t) => n + t.maxConcurrency, 0) : undefined);
    }
  });

  it('throttles the stage, tighter per admin route and, in the app, tighter still for captcha send', () => {
    const [, stage] = resourcesOfType(s.json.api, 'AWS::ApiGatewayV2::Stage')[0]!;
    expect(stage.Properties.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: STAGE_THROTTLE.rateLimit, ThrottlingBurstLimit: STAGE_THROTTLE.burstLimit });
    const settings = stage.Properties.RouteSettings as Json;
    const routeKeys = resourcesOfType(s.json.api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    for (const key of Object.keys(settings)) expect(routeKeys).toContain(key);
    for (const key of routeKeys.filter((k) => k.includes('/api/admin/'))) {
      expect(settings[key]).toEqual({ ThrottlingRateLimit: ADMIN_THROTTLE.rateLimit, ThrottlingBurstLimit: ADMIN_THROTTLE.burstLimit });
    }
    if (m === manifest) {
      const send = settings[ROUTE_THROTTLES.captchaSend.route];
      expect(send.ThrottlingRateLimit).toBeLessThan(STAGE_THROTTLE.rateLimit);
      expect(send.ThrottlingRateLimit).toBeLessThan(settings[ROUTE_THROTTLES.captchaVerify.route].ThrottlingRateLimit);
      expect(settings['POST /api/hcmsg/sendMessage']).toBeUndefined();
    }
  });
});
