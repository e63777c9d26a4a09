import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsServiceError, awsEnv, drain, memoised, withRetries } from './aws-http.ts';

// Sending messages to SQS queues, the one thing most functions do with SQS, through the SDK's own
// request signer and HTTP handler (what the DynamoDB client already loads) in SQS's JSON protocol:
// SendMessage and SendMessageBatch, with the SDK's retries, error names and MD5 check of each body.
// @aws-sdk/client-sqs carries every SQS operation's schema and error class and a client of its own
// to build, some 12 M instructions of every cold start that enqueues (docs/ARCHITECTURE.md → Cold
// starts). The dead-letter views, the back-off and the MQ channel, which need other operations, load
// the SDK client on their first use.

export interface SendMessageInput {
  QueueUrl: string;
  MessageBody: string;
  DelaySeconds?: number;
}

export interface SendMessageBatchInput {
  QueueUrl: string;
  Entries: { Id: string; MessageBody: string; DelaySeconds?: number }[];
}

export interface SendMessageBatchOutput {
  Successful: { Id: string; MessageId: string }[];
  Failed: { Id: string; Code: string; Message?: string; SenderFault: boolean }[];
}

export interface SqsMessagesOptions {
  region?: string;
  credentials?: AwsCredentialIdentityProvider;
  maxAttempts?: number;
}

/** An error SQS answered, named as the SDK names it (QueueDoesNotExist, RequestThrottled…). */
export class SqsError extends AwsServiceError {}

/** Retried as the SDK's standard mode retries: a server error, throttling or a dropped connection. */
const THROTTLING = new Set(['RequestThrottled', 'ThrottlingException', 'Throttling', 'KmsThrottled', 'TooManyRequestsException', 'RequestLimitExceeded']);
const isRetryable = (error: unknown): boolean =>
  error instanceof SqsError ? error.status >= 500 || error.status === 429 || THROTTLING.has(error.name) : !(error instanceof Error && error.name === 'AbortError');

const NOT_JSON = {};
/** A body as JSON; an error page in another form (a proxy's HTML) is named by its status alone. */
const jsonOf = (text: string): object => {
  try {
    return text ? (JSON.parse(text) as object) : {};
  } catch {
    return NOT_JSON;
  }
};

const md5 = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

interface SqsAnswer {
  MessageId?: string;
  MD5OfMessageBody?: string;
  Successful?: { Id: string; MessageId: string; MD5OfMessageBody?: string }[];
  Failed?: { Id: string; Code: string; Message?: string; SenderFault?: boolean }[];
}

export class SqsMessages {
  private readonly region: string;
  private readonly credentials: AwsCredentialIdentityProvider;
  private readonly maxAttempts: number;
  private readonly http = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 30_000 });
  private readonly signer: SignatureV4;

  constructor(options: SqsMessagesOptions = {}, env: Record<string, string | undefined> = awsEnv()) {
    this.region = options.region ?? env.AWS_REGION ?? 'us-east-1';
    this.credentials = memoised(options.credentials ?? defaultProvider());
    this.maxAttempts = options.maxAttempts ?? 3;
    this.signer = new SignatureV4({ service: 'sqs', region: this.region, credentials: this.credentials, sha256: Sha256 });
  }

  async sendMessage(input: SendMessageInput): Promise<{ MessageId: string }> {
    const answer = await this.call('SendMessage', input.QueueUrl, input);
    if (answer.MD5OfMessageBody !== md5(input.MessageBody)) throw new SqsError('InvalidChecksumError', `SQS answered a different MD5 for the message sent to ${input.QueueUrl}`, 200);
    return { MessageId: answer.MessageId ?? '' };
  }

  /** Up to 10 messages; entries SQS refused come back in Failed (the caller retries them). */
  async sendMessageBatch(input: SendMessageBatchInput): Promise<SendMessageBatchOutput> {
    const answer = await this.call('SendMessageBatch', input.QueueUrl, input);
    const sent = new Map(input.Entries.map((entry) => [entry.Id, entry.MessageBody]));
    for (const ok of answer.Successful ?? []) {
      if (ok.MD5OfMessageBody !== md5(sent.get(ok.Id) ?? '')) throw new SqsError('InvalidChecksumError', `SQS answered a different MD5 for message ${ok.Id} sent to ${input.QueueUrl}`, 200);
    }
    return {
      Successful: (answer.Successful ?? []).map(({ Id, MessageId }) => ({ Id, MessageId })),
      Failed: (answer.Failed ?? []).map(({ Id, Code, Message, SenderFault }) => ({ Id, Code, Message, SenderFault: SenderFault ?? false })),
    };
  }

  private call(operation: string, queueUrl: string, input: object): Promise<SqsAnswer> {
    return withRetries(this.maxAttempts, isRetryable, () => this.once(operation, queueUrl, input));
  }

  /** Sent to the queue URL's own host, as the SDK does by default (useQueueUrlAsEndpoint). */
  private async once(operation: string, queueUrl: string, input: object): Promise<SqsAnswer> {
    const url = new URL(queueUrl);
    const body = JSON.stringify(input);
    const request = new HttpRequest({
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      method: 'POST',
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}`, 'x-amzn-query-mode': 'true', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    const signed = await this.signer.sign(request);
    const { response } = await this.http.handle(signed as HttpRequest);
    const text = (await drain(response.body as Readable)).toString('utf8');
    const parsed = jsonOf(text) as SqsAnswer & { __type?: string; message?: string; Message?: string };
    if (response.statusCode < 300 && parsed === NOT_JSON) throw new SqsError('InvalidResponse', `SQS ${operation} to ${queueUrl}: an answer that is not JSON`, response.statusCode);
    if (response.statusCode < 300) return parsed;
    const name = parsed.__type?.split('#').pop()?.split(':')[0] ?? `Http${response.statusCode}`;
    throw new SqsError(name, parsed.message ?? parsed.Message ?? `SQS ${operation} to ${queueUrl}: HTTP ${response.statusCode}`, response.statusCode);
  }
}

let sqs: SqsMessages | undefined;

/** The message sender of a function (one per container), built with its first message. */
export const sqsMessages = (): SqsMessages => (sqs ??= new SqsMessages());
