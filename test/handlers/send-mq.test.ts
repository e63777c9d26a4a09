import { readFileSync } from 'node:fs';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mqPayloadV1 } from '#contracts/mq-payload';
import { DEMO_MQ_TARGET_QUEUE, loadMqTargetDemo } from '../../infra/local/demo/mq-target.ts';
import { useTables, type TestTables } from '../support/tables.ts';
import { deliveryHandlerEnv, securityRequest } from '../support/fakes/delivery-handler-env.ts';

// sendMq through its exported handler: each recipient of an MQ send record becomes one message on
// the downstream queue its send type names (a real queue of the embedded SQS, read back here).

describe('sendMq handler (DynamoDB Local + embedded SQS)', () => {
  let tables: TestTables;
  let env: Awaited<ReturnType<typeof deliveryHandlerEnv>>;

  /** A business type whose requests go to the MQ channel through an SQS send type naming `queue`. */
  const mqRoute = async (bizType: string, queue: string) => {
    const by = { by: 'test' };
    await env.config.put('bizType', { code: bizType, name: bizType, enabled: true, priority: 5, greenLane: false, smsType: 'Transactional', critical: false }, by);
    await env.config.put('sendType', { id: `${bizType}_SQS`, name: `${bizType} (SQS)`, channel: 'MQ', provider: 'SQS', settings: { queue }, enabled: true }, by);
    await env.config.put('dispatchConfig', { id: bizType, name: `${bizType} → MQ`, enabled: true, priority: 10, match: { bizType }, sendLimit: 3 }, by);
    await env.config.put('dispatchMethod', { id: `${bizType}_MQ`, dispatchConfigId: bizType, sendTypeId: `${bizType}_SQS`, greenLane: false, enabled: true }, by);
  };
  const mqRequest = (requestNo: string, bizType: string, users: number) =>
    securityRequest(requestNo, users, { bizType, useTmpl: 'N', msgTitle: '对账完成', msgContent: '今日对账已完成', custom: '{"batch":"7"}' });

  beforeAll(async () => {
    tables = await useTables();
    env = await deliveryHandlerEnv(tables);
    await mqRoute('MQ_NOTICE', 'mqOutbound');
    await mqRoute('MQ_UNBOUND', 'notBoundToSendMq');
    // A downstream team's queue, created in the account after the deploy: named by the convention
    // (contracts/mq-targets.ts), in no manifest.
    await env.sqs.client.send(new CreateQueueCommand({ QueueName: 'hcmsg-target-ledger' }));
    await mqRoute('MQ_LEDGER', 'hcmsg-target-ledger');
    await mqRoute('MQ_MISSING', 'hcmsg-target-nobody-made-me');
    // Before any function caches the configuration.
    await loadMqTargetDemo(env.config);
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('puts one message per recipient on the configured queue, even when SQS delivers the send record twice', async () => {
    expect((await env.send(mqRequest('MQ1', 'MQ_NOTICE', 2))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    expect(await env.sendRecords('MQ1')).toMatchObject([{ channel: 'MQ', status: 'UNSENT' }]);

    await env.deliver(env.handlers.sendMq, 'mqGeneral', 2);

    const downstream = await env.drain('mqOutbound');
    const bodies = downstream.map((m) => JSON.parse(m.Body!) as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    for (const body of bodies) {
      expect(body).toMatchObject({ institution: 'OUTPLATFORM', requestNo: 'MQ1', bizType: 'MQ_NOTICE', title: '对账完成', content: '今日对账已完成', custom: '{"batch":"7"}' });
    }
    expect(new Set(bodies.map((b) => b.messageId)).size).toBe(2);
    const [record] = await env.sendRecords('MQ1');
    expect(record).toMatchObject({ status: 'SUCCESS', sendCount: 1 });
    const sent = (record!.recipients as { providerMessageId?: string }[]).map((r) => r.providerMessageId).sort();
    expect(sent).toEqual(downstream.map((m) => m.MessageId).sort());
  });

  it('gives up at once on a send type naming a queue outside the naming convention, sending nothing and saying why', async () => {
    expect((await env.send(mqRequest('MQ2', 'MQ_UNBOUND', 1))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendMq, 'mqGeneral');
    expect(await env.drain('mqOutbound')).toEqual([]);
    const [record] = await env.sendRecords('MQ2');
    expect(record).toMatchObject({ status: 'UNSENDABLE', sendCount: 1 });
    expect(record!.lastError).toContain('notBoundToSendMq');
    expect(record!.lastError).toContain('hcmsg-target-');
  });

  it('delivers to a convention-named queue of the account that no manifest lists; its consumer reads who each message is for', async () => {
    expect((await env.send(mqRequest('MQ3', 'MQ_LEDGER', 2))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendMq, 'mqGeneral');
    expect(await env.drain('mqOutbound')).toEqual([]);

    // The downstream consumer: its own queue, the published schema, the recipient from the payload.
    const { QueueUrl } = await env.sqs.client.send(new CreateQueueCommand({ QueueName: 'hcmsg-target-ledger' }));
    const { Messages = [] } = await env.sqs.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    const payloads = Messages.map((m) => mqPayloadV1().parse(JSON.parse(m.Body!)));
    expect(payloads.map((p) => p.recipient).sort((a, b) => a.userId!.localeCompare(b.userId!))).toEqual([
      { userId: 'u0', mobile: '13900000000', deviceNo: 'device-0' },
      { userId: 'u1', mobile: '13900000001', deviceNo: 'device-1' },
    ]);
    expect(payloads[0]).toMatchObject({ requestNo: 'MQ3', bizType: 'MQ_LEDGER', bizId: 'B1', content: '今日对账已完成' });
    expect(await env.sendRecords('MQ3')).toMatchObject([{ status: 'SUCCESS', sendCount: 1 }]);
  });

  it('a convention-named queue that does not exist: UNSENDABLE naming the queue, never a silent drop', async () => {
    expect((await env.send(mqRequest('MQ4', 'MQ_MISSING', 1))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendMq, 'mqGeneral');
    const [record] = await env.sendRecords('MQ4');
    expect(record).toMatchObject({ status: 'UNSENDABLE', sendCount: 1 });
    expect(record!.lastError).toMatch(/hcmsg-target-nobody-made-me.*不存在.*\(.*does not exist/);
  });

  it('the demo configuration: LEDGER_NOTICE reaches hcmsg-target-demo, the queue the runner creates at start', async () => {
    const { QueueUrl } = await env.sqs.client.send(new CreateQueueCommand({ QueueName: DEMO_MQ_TARGET_QUEUE }));
    // As the README says: the seed's SMS example with bizType LEDGER_NOTICE.
    const example = readFileSync('test/contracts/examples/seed-sms.json', 'utf8').replace('MARKET_ACTIVITY', 'LEDGER_NOTICE').replace('20180309011111', 'MQ5');
    expect((await env.send(JSON.parse(example))).retFlag).toBe('00000');
    await env.deliver(env.handlers.split, 'requestGeneral');
    await env.deliver(env.handlers.sendMq, 'mqGeneral');
    const { Messages = [] } = await env.sqs.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect(Messages.map((m) => mqPayloadV1().parse(JSON.parse(m.Body!)))).toMatchObject([{ requestNo: 'MQ5', bizId: 'BizId0001', recipient: { userId: '133', mobile: '13361249238' } }]);
  });
});
