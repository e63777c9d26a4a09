import { beforeAll, describe, expect, it } from 'vitest';
import { MQ_TARGET_QUEUE_PREFIX } from '#contracts/mq-targets';
import { asArray, logicalId, statementsOfRole, synth, type Json, type Synth, SYNTH_TIMEOUT_MS } from './synth.ts';

// Grants on resources that are not ours (SES identities, SNS SMS and push), as narrow as each service allows.

const statementsOf = (s: Synth, fn: string): Json[] => statementsOfRole(s.json.api, logicalId(s.api.functions[fn]!.fn.role!));
const withAction = (statements: Json[], action: string) => statements.filter((st) => asArray(st.Action).includes(action));

describe('least privilege on AWS services (SES identities given, source maps on)', () => {
  let s: Synth;
  beforeAll(() => {
    // One synthesis for both deploy options (a synthesis costs seconds); the default stacks are api-stack.test.ts's.
    s = synth({ stage: 'dev', context: { sesIdentities: 'mail.example.com,noreply@example.org', sourceMaps: 'true' } });
  }, SYNTH_TIMEOUT_MS);

  it('reads the shipped source maps in every function when the stage asks for them (off by default: api-stack.test.ts)', () => {
    for (const [name, fn] of Object.entries(s.api.functions)) {
      const env = (s.json.api.Resources as Json)[logicalId(fn.fn)].Properties.Environment.Variables as Json;
      expect(env.NODE_OPTIONS, name).toBe('--enable-source-maps');
    }
  });

  it('lets the e-mail sender send only as the configured SES identities', () => {
    const [ses, ...more] = withAction(statementsOf(s, 'sendEmail'), 'ses:SendRawEmail');
    expect(more).toEqual([]);
    const resources = JSON.stringify(ses!.Resource);
    expect(resources).toContain(':identity/mail.example.com');
    expect(resources).toContain(':identity/noreply@example.org');
    expect(resources).not.toContain('*');
  });

  it('limits SMS publish (no ARN exists for a phone number) to the stack region', () => {
    for (const fn of ['sendSms', 'captchaSend']) {
      const [sms] = withAction(statementsOf(s, fn), 'sns:Publish');
      expect(sms, fn).toMatchObject({ Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': { Ref: 'AWS::Region' } } } });
    }
  });

  it("limits app push to this account's platform applications and endpoints", () => {
    const [push] = withAction(statementsOf(s, 'sendPush'), 'sns:CreatePlatformEndpoint');
    const resources = asArray<Json>(push!.Resource).map((r) => JSON.stringify(r));
    expect(resources).toHaveLength(2);
    expect(resources[0]).toContain(':app/*');
    expect(resources[1]).toContain(':endpoint/*');
    expect(JSON.stringify(push!.Resource)).toContain('AWS::AccountId');
  });

  it('lets the MQ sender send to any queue named by the target convention of this account and region, and no other function', () => {
    const text = (r: Json) => (typeof r === 'string' ? r : JSON.stringify(r));
    for (const name of Object.keys(s.api.functions)) {
      const targets = statementsOf(s, name).filter((st) => asArray<Json>(st.Resource).some((r) => text(r).includes(MQ_TARGET_QUEUE_PREFIX)));
      if (name !== 'sendMq') {
        expect(targets, name).toEqual([]);
        continue;
      }
      expect(targets).toHaveLength(1);
      expect(asArray<string>(targets[0]!.Action).sort()).toEqual(['sqs:GetQueueUrl', 'sqs:SendMessage']);
      const [resource, ...more] = asArray<Json>(targets[0]!.Resource).map(text);
      expect(more).toEqual([]);
      // arn:<partition>:sqs:<region>:<account>:hcmsg-target-*
      expect(resource).toMatch(/^\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":sqs:",\{"Ref":"AWS::Region"\},":",\{"Ref":"AWS::AccountId"\},":hcmsg-target-\*"\]\]\}$/);
    }
  });

  it("limits broadcast topics (pushType ALL) to the stage's message-platform-<stage>-push-* topics", () => {
    const topicStatement = (fn: string, action: string) => withAction(statementsOf(s, fn), action).find((st) => JSON.stringify(st.Resource).includes('message-platform-dev-push-*'));
    for (const [fn, action] of [['sendPush', 'sns:Publish'], ['registerDevice', 'sns:Subscribe'], ['unregisterDevice', 'sns:Unsubscribe']] as const) {
      const statement = topicStatement(fn, action);
      expect(statement, `${fn} ${action}`).toBeDefined();
      expect(asArray(statement!.Resource), fn).toHaveLength(1);
      expect(JSON.stringify(statement!.Resource), fn).toContain('AWS::AccountId');
    }
    // Registration makes endpoints of this account's applications only, and publishes nothing.
    for (const fn of ['registerDevice', 'unregisterDevice']) {
      const [endpoints] = withAction(statementsOf(s, fn), 'sns:CreatePlatformEndpoint');
      expect(asArray<Json>(endpoints!.Resource).map((r) => JSON.stringify(r)).join(), fn).toMatch(/:app\/\*.*:endpoint\/\*/);
      expect(withAction(statementsOf(s, fn), 'sns:Publish'), fn).toEqual([]);
    }
  });

  it('leaves resource * only on X-Ray and SMS publish across every function', () => {
    for (const name of Object.keys(s.api.functions)) {
      const wild = statementsOf(s, name)
        .filter((st) => asArray(st.Resource).includes('*'))
        .flatMap((st) => asArray<string>(st.Action));
      for (const action of wild) expect(['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'sns:Publish'], `${name}: ${action}`).toContain(action);
    }
  });
});
