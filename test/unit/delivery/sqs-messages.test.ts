import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsError, SqsMessages } from '../../../layers/adapters/sqs-messages.ts';
import { sqsPublisher } from '../../../layers/adapters/sqs-publisher.ts';
import { LOCAL_REGION, localCredentials } from '../../../infra/local/local-aws.ts';
import { manifest } from '../../../infra/manifest/index.ts';
import { startSqs, type LocalSqs } from '../../../infra/local/sqs.ts';

// The platform's SQS sender speaks SQS's JSON protocol itself (the SDK's signer and HTTP handler):
// what it sends must arrive as the SDK client would have sent it, and SQS's refusals must be named,
// retried and checked as the SDK does.

const credentials = async () => localCredentials;
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

describe('SQS messages, against a local SQS', () => {
  let sqs: LocalSqs;
  let queueUrl: string;
  const sender = new SqsMessages({ region: LOCAL_REGION, credentials });

  beforeAll(async () => {
    sqs = await startSqs({ ...manifest, queues: {}, functions: {} }, { prefix: `m${randomUUID().slice(0, 6)}` });
    queueUrl = await sqs.createQueue(`messages-${randomUUID().slice(0, 6)}`);
  });
  afterAll(() => sqs?.stop());

  const receive = async () =>
    (await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }))).Messages ?? [];

  it('sends one message and a batch that the SDK client receives whole, Chinese text included', async () => {
    const { MessageId } = await sender.sendMessage({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ text: '您的验证码是 123456' }) });
    expect(MessageId).toMatch(/\S/);
    const batch = await sender.sendMessageBatch({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: '{"n":1}' }, { Id: 'b', MessageBody: '{"n":2}' }] });
    expect(batch.Successful.map((s) => s.Id).sort()).toEqual(['a', 'b']);
    expect(batch.Failed).toEqual([]);
    const bodies: string[] = [];
    for (let i = 0; i < 5 && bodies.length < 3; i++) bodies.push(...(await receive()).map((m) => m.Body!));
    expect(bodies.sort()).toEqual(['{"n":1}', '{"n":2}', JSON.stringify({ text: '您的验证码是 123456' })].sort());
  });

  it('holds a delayed message back until its delay has passed', async () => {
    await sender.sendMessage({ QueueUrl: queueUrl, MessageBody: '{"later":true}', DelaySeconds: 60 });
    expect((await receive()).map((m) => m.Body)).not.toContain('{"later":true}');
  });

  it('names a missing queue as the SDK does, without retrying it', async () => {
    const missing = queueUrl.replace(/[^/]+$/, 'no-such-queue');
    const error = await sender.sendMessage({ QueueUrl: missing, MessageBody: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqsError);
    expect((error as SqsError).name).toMatch(/QueueDoesNotExist|NonExistentQueue/);
    expect((error as SqsError).status).toBe(400);
  });

  it('through the publisher: 25 messages in batches of ten, each once', async () => {
    const publisher = sqsPublisher(() => sender);
    await publisher.sendMany(queueUrl, Array.from({ length: 25 }, (_, i) => ({ i })));
    const seen: number[] = [];
    for (let i = 0; i < 20 && seen.length < 25; i++) seen.push(...(await receive()).map((m) => (JSON.parse(m.Body!) as { i: number }).i));
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });
});

describe('SQS messages, against a scripted endpoint', () => {
  let server: Server;
  let url: string;
  const seen: { target: string; authorization: string; body: Record<string, unknown> }[] = [];
  let script: ((body: Record<string, unknown>) => [number, unknown])[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => {
        const body = JSON.parse(text) as Record<string, unknown>;
        seen.push({ target: String(req.headers['x-amz-target']), authorization: String(req.headers.authorization), body });
        const [status, answer] = (script.shift() ?? (() => [500, {}]))(body);
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' }).end(typeof answer === 'string' ? answer : JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/000000000000/q`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const ok = (body: Record<string, unknown>): [number, unknown] => [200, { MessageId: 'm1', MD5OfMessageBody: md5(String(body.MessageBody)) }];

  it('signs for SQS in its region and names the operation', async () => {
    seen.length = 0;
    script = [ok];
    await new SqsMessages({ region: 'ap-east-1', credentials }).sendMessage({ QueueUrl: url, MessageBody: '{"a":1}' });
    expect(seen).toEqual([{ target: 'AmazonSQS.SendMessage', authorization: expect.stringMatching(/^AWS4-HMAC-SHA256 Credential=local\/\d{8}\/ap-east-1\/sqs\/aws4_request, SignedHeaders=.*x-amz-target.*, Signature=[0-9a-f]{64}$/), body: { QueueUrl: url, MessageBody: '{"a":1}' } }]);
  });

  it('retries a server error and throttling, then succeeds; gives up after its attempts', async () => {
    seen.length = 0;
    script = [() => [500, {}], () => [400, { __type: 'com.amazonaws.sqs#RequestThrottled', message: 'slow down' }], ok];
    await expect(new SqsMessages({ credentials }).sendMessage({ QueueUrl: url, MessageBody: '{}' })).resolves.toEqual({ MessageId: 'm1' });
    expect(seen).toHaveLength(3);
    seen.length = 0;
    script = [() => [503, {}], () => [503, {}], () => [503, {}], ok];
    await expect(new SqsMessages({ credentials }).sendMessage({ QueueUrl: url, MessageBody: '{}' })).rejects.toMatchObject({ status: 503 });
    expect(seen).toHaveLength(3);
  });

  it('names an error page that is not JSON by its status, and retries it as a server error', async () => {
    seen.length = 0;
    script = [() => [502, '<html>Bad Gateway</html>'], () => [502, '<html>Bad Gateway</html>'], () => [502, '<html>Bad Gateway</html>']];
    await expect(new SqsMessages({ credentials }).sendMessage({ QueueUrl: url, MessageBody: '{}' })).rejects.toMatchObject({ name: 'Http502', status: 502 });
    expect(seen).toHaveLength(3);
  });

  it('does not retry a refusal of the request itself, and names it', async () => {
    seen.length = 0;
    script = [() => [400, { __type: 'com.amazonaws.sqs#InvalidParameterValue', message: 'DelaySeconds too big' }], ok];
    await expect(new SqsMessages({ credentials }).sendMessage({ QueueUrl: url, MessageBody: '{}', DelaySeconds: 9999 })).rejects.toMatchObject({ name: 'InvalidParameterValue', message: 'DelaySeconds too big' });
    expect(seen).toHaveLength(1);
  });

  it('refuses an answer whose MD5 is not the body sent, and returns the entries a batch refused', async () => {
    script = [() => [200, { MessageId: 'm1', MD5OfMessageBody: md5('something else') }]];
    await expect(new SqsMessages({ credentials }).sendMessage({ QueueUrl: url, MessageBody: '{}' })).rejects.toMatchObject({ name: 'InvalidChecksumError' });
    script = [() => [200, { Successful: [{ Id: '0', MessageId: 'm0', MD5OfMessageBody: md5('{"n":0}') }], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] }]];
    const batch = await new SqsMessages({ credentials }).sendMessageBatch({ QueueUrl: url, Entries: [{ Id: '0', MessageBody: '{"n":0}' }, { Id: '1', MessageBody: '{"n":1}' }] });
    expect(batch).toEqual({ Successful: [{ Id: '0', MessageId: 'm0' }], Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }] });
  });
});
