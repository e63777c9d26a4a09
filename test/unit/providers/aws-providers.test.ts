import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { CreatePlatformEndpointCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { s3AttachmentObjects } from '#adapters/files/s3-objects';
import { sesEmailProvider } from '#adapters/providers/ses-email';
import { snsPushProvider } from '#adapters/providers/sns-push';
import { snsSmsProvider, toE164 } from '#adapters/providers/sns-sms';
import { sqsMqProvider } from '#adapters/providers/sqs-mq';
import { isProviderError, ProviderError, type OutboundMessage } from '#core/providers';
import { FakeConfig } from '../../support/fakes/captcha-deps.ts';
import { startS3, type LocalS3 } from '../../../infra/local/s3.ts';

const sns = mockClient(SNSClient);
const ses = mockClient(SESClient);
const sqs = mockClient(SQSClient);
afterEach(() => {
  sns.reset();
  ses.reset();
  sqs.reset();
});

const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: 'S1#0',
  createdAt: '2026-01-01T00:00:00.000Z',
  channel: 'SMS',
  to: '13800000000',
  title: '标题',
  content: '您好',
  requestNo: 'R1',
  bizType: 'MARKET',
  ...overrides,
});

const awsError = (name: string, status: number, fault: 'client' | 'server' = status >= 500 ? 'server' : 'client') =>
  Object.assign(new Error(name), { name, $fault: fault, $metadata: { httpStatusCode: status } });

const rejection = async (promise: Promise<unknown>): Promise<ProviderError> => {
  try {
    await promise;
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error('expected a ProviderError');
};

describe('SNS SMS', () => {
  it('publishes to the E.164 number with the business type’s SMS type', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const provider = snsSmsProvider(() => new SNSClient({ region: 'us-east-1' }));
    expect(await provider.send(message({ smsType: 'Promotional' }), { senderId: 'HCMSG' })).toEqual({ providerMessageId: 'm-1' });
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input).toEqual({
      PhoneNumber: '+8613800000000',
      Message: '您好',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Promotional' },
        'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'HCMSG' },
      },
    });
  });
  it('normalises numbers and refuses non-numbers as final', () => {
    expect(toE164('138 0000 0000')).toBe('+8613800000000');
    expect(toE164('+447700900123')).toBe('+447700900123');
    expect(toE164('8613800000000')).toBe('+8613800000000');
    expect(() => toE164('abc')).toThrow(ProviderError);
  });
  it('classifies throttling and 5xx as retryable, validation and opt-out as final', async () => {
    const provider = snsSmsProvider(() => new SNSClient({ region: 'us-east-1' }));
    sns.on(PublishCommand).rejectsOnce(awsError('ThrottlingException', 400)).rejectsOnce(awsError('InternalErrorException', 500)).rejectsOnce(awsError('InvalidParameterException', 400)).rejectsOnce(awsError('OptedOutException', 400));
    expect((await rejection(provider.send(message(), {}))).retryable).toBe(true);
    expect((await rejection(provider.send(message(), {}))).retryable).toBe(true);
    expect((await rejection(provider.send(message(), {}))).retryable).toBe(false);
    expect((await rejection(provider.send(message(), {}))).retryable).toBe(false);
  });
  it('treats a network failure (no HTTP answer) as retryable', async () => {
    sns.on(PublishCommand).rejects(Object.assign(new Error('socket hang up'), { name: 'Error', code: 'ECONNRESET' }));
    expect((await rejection(snsSmsProvider(() => new SNSClient({ region: 'us-east-1' })).send(message(), {}))).retryable).toBe(true);
  });
});

describe('SES raw e-mail', () => {
  // Attachments are read with the functions' own S3 client from a local S3 endpoint (s3rver).
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startS3(['attachments-bucket']);
  });
  afterAll(async () => {
    await s3?.stop();
  });
  const provider = sesEmailProvider(() => new SESClient({ region: 'us-east-1' }), () => s3.objects, 'attachments-bucket');

  it('sends a multipart MIME message with an encoded subject and the attachments read from the bucket', async () => {
    // Uploaded by its presigned URL, then finalized by the attachment flow, which names it.
    await s3.client.send(new PutObjectCommand({ Bucket: 'attachments-bucket', Key: 'F1', Body: 'hello file' }));
    await s3AttachmentObjects(s3.objects, 'attachments-bucket').finalize('F1', '账单.txt', 'text/plain');
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'e-1' });
    const result = await provider.send(message({ channel: 'EMAIL', to: 'a@example.com', title: '月度账单', content: '请查收', attachments: ['F1'] }), { from: 'noreply@example.com' });
    expect(result).toEqual({ providerMessageId: 'e-1' });
    const raw = Buffer.from(ses.commandCalls(SendRawEmailCommand)[0]!.args[0].input.RawMessage!.Data!).toString('utf8');
    expect(raw).toContain('From: noreply@example.com');
    expect(raw).toContain('To: a@example.com');
    expect(raw).toContain(`Subject: =?UTF-8?B?${Buffer.from('月度账单').toString('base64')}?=`);
    expect(raw).toContain('Content-Type: multipart/mixed; boundary=');
    expect(raw).toContain(Buffer.from('请查收').toString('base64'));
    expect(raw).toContain(Buffer.from('hello file').toString('base64'));
    expect(raw).toContain(`filename="=?UTF-8?B?${Buffer.from('账单.txt').toString('base64')}?="`);
  });
  it('fails finally when an attachment does not exist, and does not send', async () => {
    const error = await rejection(provider.send(message({ channel: 'EMAIL', to: 'a@example.com', attachments: ['GONE'] }), { from: 'noreply@example.com' }));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('GONE');
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
  });
  it('retries SES throttling; refuses a send type without a from address', async () => {
    ses.on(SendRawEmailCommand).rejects(awsError('Throttling', 400));
    expect((await rejection(provider.send(message({ channel: 'EMAIL', to: 'a@example.com' }), { from: 'x@example.com' }))).retryable).toBe(true);
    expect((await rejection(provider.send(message({ channel: 'EMAIL', to: 'a@example.com' }), {}))).retryable).toBe(false);
  });
});

describe('SNS mobile push', () => {
  const config = new FakeConfig().put('deviceType', { code: 'ANDROID', name: 'Android', platform: 'ANDROID', platformApplicationArn: 'arn:aws:sns:us-east-1:1:app/GCM/demo' });

  it('creates the endpoint once per token (cached) and publishes GCM/APNS payloads', async () => {
    sns.on(CreatePlatformEndpointCommand).resolves({ EndpointArn: 'arn:endpoint/1' });
    sns.on(PublishCommand).resolves({ MessageId: 'p-1' });
    const provider = snsPushProvider(() => new SNSClient({ region: 'us-east-1' }), config);
    const push = message({ channel: 'PUSH', to: 'token-1', deviceTypeCode: 'ANDROID', custom: '{"k":1}' });
    await provider.send(push, {});
    await provider.send(push, {});
    expect(sns.commandCalls(CreatePlatformEndpointCommand)).toHaveLength(1);
    expect(sns.commandCalls(CreatePlatformEndpointCommand)[0]!.args[0].input).toEqual({ PlatformApplicationArn: 'arn:aws:sns:us-east-1:1:app/GCM/demo', Token: 'token-1' });
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ TargetArn: 'arn:endpoint/1', MessageStructure: 'json' });
    const payload = JSON.parse(input.Message!) as { GCM: string; APNS: string };
    expect(JSON.parse(payload.GCM)).toMatchObject({ notification: { title: '标题', body: '您好' } });
    expect(JSON.parse(payload.APNS)).toMatchObject({ aps: { alert: { title: '标题', body: '您好' } } });
  });
  it('treats a disabled endpoint as final and a device type without an application as final', async () => {
    sns.on(CreatePlatformEndpointCommand).resolves({ EndpointArn: 'arn:endpoint/2' });
    sns.on(PublishCommand).rejects(awsError('EndpointDisabled', 400));
    const provider = snsPushProvider(() => new SNSClient({ region: 'us-east-1' }), config);
    expect((await rejection(provider.send(message({ channel: 'PUSH', to: 'token-2', deviceTypeCode: 'ANDROID' }), {}))).retryable).toBe(false);
    expect((await rejection(provider.send(message({ channel: 'PUSH', to: 'token-2', deviceTypeCode: 'IOS' }), {}))).retryable).toBe(false);
  });
});

describe('SQS MQ', () => {
  it('sends the message as JSON to the queue the send type names', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
    const provider = sqsMqProvider(async () => new SQSClient({ region: 'us-east-1' }), { mqOutbound: 'https://sqs/outbound' });
    expect(await provider.send(message({ channel: 'MQ', to: 'mqOutbound' }), { queue: 'mqOutbound' })).toEqual({ providerMessageId: 'q-1' });
    const input = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input.QueueUrl).toBe('https://sqs/outbound');
    expect(JSON.parse(input.MessageBody!)).toMatchObject({ messageId: 'S1#0', requestNo: 'R1', title: '标题', content: '您好' });
  });
  it('refuses an unknown queue as final and retries SQS server errors', async () => {
    const provider = sqsMqProvider(async () => new SQSClient({ region: 'us-east-1' }), { mqOutbound: 'https://sqs/outbound' });
    expect((await rejection(provider.send(message({ channel: 'MQ', to: 'elsewhere' }), { queue: 'elsewhere' }))).retryable).toBe(false);
    sqs.on(SendMessageCommand).rejects(awsError('InternalError', 500));
    expect((await rejection(provider.send(message({ channel: 'MQ' }), { queue: 'mqOutbound' }))).retryable).toBe(true);
  });
});
