import { beforeAll, describe, expect, it } from 'vitest';
import { queueTriggers } from '../../infra/manifest/bindings.ts';
import { manifest } from '../../infra/manifest/index.ts';
import type { FunctionSpec, Manifest } from '../../infra/manifest/types.ts';
import { fixtureManifest } from './fixture-manifest.ts';
import { asArray, dataRefs, logicalId, resourcesOfType, statementsOfRole, synth, type Json, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

const cases: [string, Manifest][] = [
  ['app manifest', manifest],
  ['fixture manifest', fixtureManifest],
];

// The environment each function is expected to get, written out here rather than computed by the
// code under test: kind:resource for a bound resource, the literal value otherwise.
const commonEnv = (name: string) => ({ STAGE: 'dev', POWERTOOLS_SERVICE_NAME: name });
const requestLanes = { QUEUE_REQUEST_GENERAL_URL: 'queue:requestGeneral', QUEUE_REQUEST_GREEN_URL: 'queue:requestGreen' };
const smsLanes = { QUEUE_SMS_GENERAL_URL: 'queue:smsGeneral', QUEUE_SMS_GREEN_URL: 'queue:smsGreen' };
const emailLanes = { QUEUE_EMAIL_GENERAL_URL: 'queue:emailGeneral', QUEUE_EMAIL_GREEN_URL: 'queue:emailGreen' };
const pushLanes = { QUEUE_PUSH_GENERAL_URL: 'queue:pushGeneral', QUEUE_PUSH_GREEN_URL: 'queue:pushGreen' };
const mqLanes = { QUEUE_MQ_GENERAL_URL: 'queue:mqGeneral', QUEUE_MQ_GREEN_URL: 'queue:mqGreen' };
const channelLanes = { ...smsLanes, ...emailLanes, ...pushLanes, ...mqLanes };
const laneDlqs = {
  QUEUE_REQUEST_GENERAL_DLQ_URL: 'dlq:requestGeneral', QUEUE_REQUEST_GREEN_DLQ_URL: 'dlq:requestGreen',
  QUEUE_SMS_GENERAL_DLQ_URL: 'dlq:smsGeneral', QUEUE_SMS_GREEN_DLQ_URL: 'dlq:smsGreen',
  QUEUE_EMAIL_GENERAL_DLQ_URL: 'dlq:emailGeneral', QUEUE_EMAIL_GREEN_DLQ_URL: 'dlq:emailGreen',
  QUEUE_PUSH_GENERAL_DLQ_URL: 'dlq:pushGeneral', QUEUE_PUSH_GREEN_DLQ_URL: 'dlq:pushGreen',
  QUEUE_MQ_GENERAL_DLQ_URL: 'dlq:mqGeneral', QUEUE_MQ_GREEN_DLQ_URL: 'dlq:mqGreen',
};
const CONFIG = { TABLE_CONFIG: 'table:config' };
const MESSAGES = { TABLE_MESSAGES: 'table:messages' };
const CAPTCHA = { TABLE_CAPTCHA: 'table:captcha' };
const AUDIT = { TABLE_AUDIT: 'table:audit' };
const COUNTERS = { TABLE_COUNTERS: 'table:counters' };
const CAPTCHA_KEY = { SECRET_CAPTCHA_KEY_ID: 'secret:captchaKey' };
const PROVIDER_SECRETS = { PROVIDER_SECRET_PREFIX: 'message-platform/dev/providers/' };
const CALLBACKS = { QUEUE_CALLBACK_DELIVERY_URL: 'queue:callbackDelivery' };
const CALLBACK_KEY = { SECRET_CALLBACK_KEY_ID: 'secret:callbackKey' };
const SCHEDULER = { SCHEDULER_GROUP_NAME: 'schedule:group', SCHEDULER_ROLE_ARN: 'schedule:role' };
const IMPORTS = { BUCKET_IMPORTS: 'bucket:imports' };
const ATTACHMENTS = { BUCKET_ATTACHMENTS: 'bucket:attachments' };
const FILE_QUEUES = { QUEUE_FILE_READ_URL: 'queue:fileRead', QUEUE_FILE_PROGRESS_URL: 'queue:fileProgress' };
const fileFunctionsEnv = {
  fileUploadUrl: { ...CONFIG, ...IMPORTS },
  sendFileMessage: { ...CONFIG, ...MESSAGES, ...IMPORTS, QUEUE_FILE_READ_URL: 'queue:fileRead' },
  getFileRequest: { ...CONFIG, ...MESSAGES },
  attachmentUpload: { ...CONFIG, ...MESSAGES, ...ATTACHMENTS },
  completeAttachment: { ...CONFIG, ...MESSAGES, ...ATTACHMENTS },
  adminImports: { ...MESSAGES, ...AUDIT, ...IMPORTS, QUEUE_FILE_READ_URL: 'queue:fileRead' },
  readFile: { ...CONFIG, ...MESSAGES, ...IMPORTS, ...FILE_QUEUES, QUEUE_FILE_ROWS_URL: 'queue:fileRows' },
  processFileRows: { ...CONFIG, ...MESSAGES, ...requestLanes, ...FILE_QUEUES },
  trackFileProgress: { ...MESSAGES, ...FILE_QUEUES },
};
const STATUS_REPORTS = { QUEUE_STATUS_REPORTS_URL: 'queue:statusReports' };
const expectedEnv: Record<'app' | 'fixture', Record<string, Record<string, string>>> = {
  app: {
    health: { ...CONFIG, QUEUE_REQUEST_GENERAL_URL: 'queue:requestGeneral' },
    notFound: {},
    openapi: {},
    sendMessage: { ...CONFIG, ...MESSAGES, ...COUNTERS, ...requestLanes, ...SCHEDULER },
    cancelRequest: { ...CONFIG, ...MESSAGES, ...SCHEDULER },
    getRequestStatus: { ...CONFIG, ...MESSAGES, ...COUNTERS },
    registerDevice: { ...CONFIG, ...MESSAGES, ...COUNTERS },
    unregisterDevice: { ...CONFIG, ...MESSAGES, ...COUNTERS },
    splitRequest: { ...CONFIG, ...MESSAGES, TABLE_COUNTERS: 'table:counters', ...channelLanes, ...CALLBACKS },
    sendSms: { ...CONFIG, ...MESSAGES, ...CAPTCHA, ...AUDIT, ...smsLanes, ...STATUS_REPORTS, ...CAPTCHA_KEY, ...PROVIDER_SECRETS, ...CALLBACKS },
    sendEmail: { ...CONFIG, ...MESSAGES, ...AUDIT, ...emailLanes, ...STATUS_REPORTS, BUCKET_ATTACHMENTS: 'bucket:attachments', ...CALLBACKS },
    sendPush: { ...CONFIG, ...MESSAGES, ...AUDIT, ...pushLanes, ...CALLBACKS },
    sendMq: { ...CONFIG, ...MESSAGES, ...AUDIT, ...mqLanes, QUEUE_MQ_OUTBOUND_URL: 'queue:mqOutbound', ...CALLBACKS },
    smsInboundCallback: { ...CONFIG, ...MESSAGES, ...AUDIT, ...PROVIDER_SECRETS },
    receiveInboundSms: { ...CONFIG, ...MESSAGES, ...AUDIT },
    deliverCallbacks: { ...CONFIG, ...MESSAGES, ...CALLBACKS, ...CALLBACK_KEY },
    adminDelivery: { ...CONFIG, ...MESSAGES, ...AUDIT, ...CALLBACKS, ...CALLBACK_KEY },
    rescanRequests: { ...CONFIG, ...MESSAGES, ...requestLanes },
    rescanSendRecords: { ...CONFIG, ...MESSAGES, ...channelLanes },
    adminOutbox: { ...MESSAGES, ...AUDIT },
    captchaSend: { ...CONFIG, ...CAPTCHA, ...MESSAGES, ...COUNTERS, QUEUE_SMS_GREEN_URL: 'queue:smsGreen', ...CAPTCHA_KEY, ...PROVIDER_SECRETS },
    captchaVerify: { ...CONFIG, ...CAPTCHA, ...COUNTERS, ...CAPTCHA_KEY },
    adminConfig: { ...CONFIG, ...AUDIT },
    adminRecords: { ...CONFIG, ...MESSAGES, ...CAPTCHA, ...AUDIT },
    adminActions: { ...MESSAGES, ...AUDIT, ...requestLanes, ...channelLanes, ...laneDlqs, ...SCHEDULER },
    ...fileFunctionsEnv,
    ingestStatusReports: { ...CONFIG, ...MESSAGES, ...CALLBACKS, ...STATUS_REPORTS },
    receiveGatewayReports: { ...CONFIG, ...STATUS_REPORTS, ...PROVIDER_SECRETS },
    receiveSmsDeliveryLogs: { ...STATUS_REPORTS },
  },
  fixture: {
    reader: { TABLE_THINGS: 'table:things', SECRET_SIGNING_KEY_ID: 'secret:signingKey' },
    writer: { TABLE_THINGS: 'table:things', TABLE_LEDGER: 'table:ledger', QUEUE_OUTBOUND_URL: 'queue:outbound', BUCKET_FILES: 'bucket:files' },
    worker: { TABLE_LEDGER: 'table:ledger' },
    replayer: { QUEUE_PARKED_URL: 'queue:parked', QUEUE_PARKED_DLQ_URL: 'dlq:parked', BUCKET_FILES: 'bucket:files' },
    probe: { TABLE_THINGS: 'table:things', QUEUE_WORK_URL: 'queue:work' },
    fallback: {},
  },
};

const DDB_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const SQS_CONSUME = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];
const S3_WRITES = ['s3:PutObject', 's3:DeleteObject*'];
const XRAY = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];

/** Data-stack logical ids a function's bindings and triggers should reach, by kind. */
const expectedAccess = (s: Synth, spec: FunctionSpec) => {
  const id = logicalId;
  const b = spec.bindings;
  const tables = Object.entries(b.tables ?? {}).map(([n, access]) => ({ id: id(s.data.tables[n]!), access }));
  const sendQueues = [...(b.queues ?? []), ...(b.queueAdmin ?? [])].map((n) => id(s.data.queues[n]!.queue));
  const consumeQueues = [
    ...queueTriggers(spec).map((t) => id(s.data.queues[t.queue]!.queue)),
    ...(b.queueAdmin ?? []).map((n) => id(s.data.queues[n]!.dlq)),
  ];
  const buckets = Object.entries(b.buckets ?? {}).map(([n, access]) => ({ id: id(s.data.buckets[n]!), access }));
  const secrets = (b.secrets ?? []).map((n) => id(s.data.secrets[n]!));
  const probeTables = (b.probes?.tables ?? []).map((n) => id(s.data.tables[n]!));
  const probeQueues = (b.probes?.queues ?? []).map((n) => id(s.data.queues[n]!.queue));
  // Scheduled sends: schedules of the stage's group, and passing the role Scheduler assumes.
  const scheduler = b.scheduler ? [id(s.data.scheduleGroup), id(s.data.schedulerRole)] : [];
  const all = new Set([...tables.map((t) => t.id), ...sendQueues, ...consumeQueues, ...buckets.map((x) => x.id), ...secrets, ...probeTables, ...probeQueues, ...scheduler]);
  return { tables, sendQueues, consumeQueues, buckets, secrets, probeTables, probeQueues, all };
};

describe.each(cases)('api stack (%s, dev)', (_, m) => {
  let s: Synth;
  const fnProps = (name: string): Json => (s.json.api.Resources as Json)[logicalId(s.api.functions[name]!.fn)].Properties;

  beforeAll(() => {
    s = synth({ stage: 'dev', manifest: m });
  }, SYNTH_TIMEOUT_MS);

  it('creates one arm64 nodejs22.x function per manifest function, traced, with its own log group', () => {
    expect(resourcesOfType(s.json.api, 'AWS::Lambda::Function')).toHaveLength(Object.keys(m.functions).length);
    for (const [name, spec] of Object.entries(m.functions)) {
      const fn = fnProps(name);
      expect(fn).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], Handler: 'index.handler', MemorySize: spec.memoryMb, Timeout: spec.timeoutSeconds, TracingConfig: { Mode: 'Active' } });
      expect(fn.LoggingConfig.LogGroup).toEqual({ Ref: logicalId(s.api.functions[name]!.logGroup) });
    }
    for (const [, lg] of resourcesOfType(s.json.api, 'AWS::Logs::LogGroup')) expect(lg.Properties.RetentionInDays).toBe(30);
  });

  it('sets exactly the environment keys each function reads, each pointing at the resource it names', () => {
    for (const name of Object.keys(m.functions)) {
      const expected: Record<string, string> = { ...commonEnv(name), ...expectedEnv[m === manifest ? 'app' : 'fixture'][name] };
      const actual = fnProps(name).Environment.Variables as Json;
      expect(Object.keys(actual).sort(), name).toEqual(Object.keys(expected).sort());
      for (const [key, value] of Object.entries(expected)) {
        const [kind, resource] = value.split(':') as [string, string];
        const target = {
          table: () => s.data.tables[resource],
          queue: () => s.data.queues[resource]?.queue,
          dlq: () => s.data.queues[resource]?.dlq,
          bucket: () => s.data.buckets[resource],
          secret: () => s.data.secrets[resource],
          schedule: () => (resource === 'group' ? s.data.scheduleGroup : s.data.schedulerRole),
        }[kind];
        if (target) expect([...dataRefs(actual[key], s.json.data)], `${name} ${key}`).toEqual([logicalId(target()!)]);
        else expect(actual[key], `${name} ${key}`).toBe(value);
      }
    }
  });

  it("grants each function exactly its bindings' resources, with the access they name", () => {
    for (const [name, spec] of Object.entries(m.functions)) {
      const fn = s.api.functions[name]!.fn;
      const statements = statementsOfRole(s.json.api, logicalId(fn.role!));
      const expected = expectedAccess(s, spec);
      const actionsOn = new Map<string, Set<string>>();
      const referenced = new Set<string>();
      const wildcardActions: string[] = [];
      for (const st of statements) {
        const actions = asArray<string>(st.Action);
        if (asArray(st.Resource).includes('*')) wildcardActions.push(...actions);
        for (const id of dataRefs(st.Resource, s.json.data)) {
          referenced.add(id);
          actionsOn.set(id, new Set([...(actionsOn.get(id) ?? []), ...actions]));
        }
      }
      const on = (id: string) => [...(actionsOn.get(id) ?? [])];
      const all = statements.flatMap((st) => asArray<string>(st.Action));

      expect([...referenced].sort(), name).toEqual([...expected.all].sort());
      // Only services without a resource of theirs keep `*` (infra/constructs/service-grants.ts).
      const unscoped = (spec.bindings.services ?? []).filter((x) => x.scope === undefined || x.scope === 'smsRegion');
      expect(wildcardActions.sort(), name).toEqual([...XRAY, ...unscoped.flatMap((x) => x.actions)].sort());
      if (expected.tables.length === 0) {
        expect([...new Set(all.filter((a) => a.startsWith('dynamodb:')))], name).toEqual(expected.probeTables.length > 0 ? ['dynamodb:GetItem'] : []);
      }
      // A probe reads one key or a queue's attributes, nothing more.
      for (const t of expected.probeTables.filter((t) => !expected.tables.some((x) => x.id === t))) expect(on(t), name).toEqual(['dynamodb:GetItem']);
      const queuesOtherwise = new Set([...expected.sendQueues, ...expected.consumeQueues]);
      for (const q of expected.probeQueues.filter((q) => !queuesOtherwise.has(q))) expect(on(q), name).toEqual(['sqs:GetQueueAttributes']);
      for (const t of expected.tables) {
        expect(on(t.id), name).toContain('dynamodb:Query');
        for (const write of DDB_WRITES) {
          if (t.access === 'readWrite') expect(on(t.id), name).toContain(write);
          else expect(on(t.id), name).not.toContain(write);
        }
      }
      for (const q of expected.sendQueues) expect(on(q), name).toContain('sqs:SendMessage');
      for (const q of expected.consumeQueues) expect(on(q), name).toEqual(expect.arrayContaining(SQS_CONSUME));
      for (const q of expected.sendQueues.filter((q) => !expected.consumeQueues.includes(q))) {
        for (const consume of SQS_CONSUME) expect(on(q), name).not.toContain(consume);
      }
      if (expected.buckets.length === 0) expect(all.filter((a) => a.startsWith('s3:')), name).toEqual([]);
      for (const b of expected.buckets) {
        expect(on(b.id), name).toContain('s3:GetObject*');
        for (const write of S3_WRITES) {
          if (b.access === 'readWrite') expect(on(b.id), name).toContain(write);
          else expect(on(b.id), name).not.toContain(write);
        }
      }
      for (const secret of expected.secrets) expect(on(secret), name).toContain('secretsmanager:GetSecretValue');
      // Provider-secret readers' grant (the stage's prefix) is pinned by provider-secrets.test.ts.
      if (expected.secrets.length === 0 && !spec.bindings.providerSecrets) expect(all.filter((a) => a.startsWith('secretsmanager:')), name).toEqual([]);
    }
  });

  it('maps every queue trigger to an event source reporting partial batch failures, with max concurrency', () => {
    const mappings = resourcesOfType(s.json.api, 'AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties);
    const triggers = Object.entries(m.functions).flatMap(([name, spec]) => queueTriggers(spec).map((t) => ({ name, t })));
    expect(mappings).toHaveLength(triggers.length);
    for (const mapping of mappings) {
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.ScalingConfig?.MaximumConcurrency).toBeGreaterThanOrEqual(2);
    }
    for (const { name, t } of triggers) {
      const queueId = logicalId(s.data.queues[t.queue]!.queue);
      const mapping = mappings.find(
        (mp) => mp.FunctionName.Ref === logicalId(s.api.functions[name]!.fn) && dataRefs(mp.EventSourceArn, s.json.data).has(queueId),
      );
      expect(mapping, `${name} ← ${t.queue}`).toMatchObject({ BatchSize: t.batchSize, ScalingConfig: { MaximumConcurrency: t.maxConcurrency } });
    }
  });

  it('routes every http trigger, with a JWT authorizer exactly on admin routes', () => {
    const routes = resourcesOfType(s.json.api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties);
    const triggers = Object.values(m.functions).flatMap((spec) => spec.triggers.filter((t) => t.type === 'http'));
    expect(routes).toHaveLength(triggers.length);
    for (const t of triggers) {
      const key = t.path === '$default' ? '$default' : `${t.method} ${t.path}`;
      const route = routes.find((r) => r.RouteKey === key);
      expect(route, key).toBeDefined();
      if (t.auth === 'admin') expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
      else expect(route!.AuthorizationType ?? 'NONE').toBe('NONE');
    }
    expect(routes.some((r) => r.RouteKey === '$default')).toBe(true);
  });

  it('logs and throttles the default stage', () => {
    const stages = resourcesOfType(s.json.api, 'AWS::ApiGatewayV2::Stage').map(([, r]) => r.Properties);
    expect(stages).toHaveLength(1);
    expect(stages[0]).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] }, Format: expect.stringContaining('$context.requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) },
    });
  });

  it('schedules every schedule trigger with a role that may only invoke that function', () => {
    const schedules = resourcesOfType(s.json.api, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    const triggers = Object.entries(m.functions).flatMap(([name, spec]) => spec.triggers.flatMap((t) => (t.type === 'schedule' ? [{ name, t }] : [])));
    expect(schedules).toHaveLength(triggers.length);
    for (const { name, t } of triggers) {
      const fnId = logicalId(s.api.functions[name]!.fn);
      const schedule = schedules.find((x) => x.Target.Arn['Fn::GetAtt'][0] === fnId);
      expect(schedule).toMatchObject({
        ScheduleExpression: `rate(${t.rateMinutes} minute${t.rateMinutes === 1 ? '' : 's'})`,
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { RetryPolicy: { MaximumRetryAttempts: expect.any(Number) } },
      });
      const roleId = schedule!.Target.RoleArn['Fn::GetAtt'][0];
      expect(statementsOfRole(s.json.api, roleId)).toEqual([
        { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [fnId, 'Arn'] } },
      ]);
    }
  });

  it('alarms on every function error', () => {
    const alarms = resourcesOfType(s.json.api, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    for (const fn of Object.values(s.api.functions)) {
      const alarm = alarms.find((a) => a.MetricName === 'Errors' && JSON.stringify(a.Dimensions).includes(logicalId(fn.fn)));
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it("authorizes admin routes by the web stack's user pool client and outputs the API URL", () => {
    // CDK keeps the authorizer beside the HTTP API (web stack); the api stack's admin routes import it.
    const [authorizerId, authorizer] = resourcesOfType(s.json.web, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties).toMatchObject({ AuthorizerType: 'JWT', JwtConfiguration: { Audience: [{ Ref: logicalId(s.web.users.client) }] } });
    const admin = resourcesOfType(s.json.api, 'AWS::ApiGatewayV2::Route').filter(([, r]) => String(r.Properties.RouteKey).includes('/admin/'));
    expect(admin.length).toBeGreaterThan(0);
    for (const [, route] of admin) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(JSON.stringify(route.Properties.AuthorizerId)).toContain('Fn::ImportValue');
    }
    expect(JSON.stringify(s.json.web.Outputs)).toContain(authorizerId);
    expect(Object.keys(s.json.api.Outputs)).toContain('ApiUrl');
  });
});
