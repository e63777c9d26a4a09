import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { S3RequestPresigner } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/protocols';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsServiceError, awsEnv, drain, memoised, withRetries } from './aws-http.ts';

// S3 for the functions that handle files, sent through the SDK's own request signer (SigV4, and the
// SDK's S3 presigner for URLs) and HTTP handler: the pieces the DynamoDB client already loads in
// every function. @aws-sdk/client-s3 brings S3's endpoint rules, its XML protocol and checksum code
// besides, about 180 KB that every cold start of these functions parsed (docs/ARCHITECTURE.md → Cold
// starts). This covers what the platform does with objects and nothing more: presigned GET and PUT
// URLs, and GET (a range, If-Match), HEAD, PUT, in-place COPY and DELETE of one object. An error
// carries the name the SDK gives it (NoSuchKey, NotFound, PreconditionFailed…).

export interface S3Options {
  region?: string;
  /** An S3-compatible endpoint (the local runner's), addressed by path; AWS is addressed by virtual host. */
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  maxAttempts?: number;
}

export interface S3Object {
  body: Readable;
  contentLength?: number;
  contentRange?: string;
  contentType?: string;
  etag?: string;
  metadata: Record<string, string>;
}

export interface S3Head {
  size: number;
  etag: string;
  contentType?: string;
}

export class S3Error extends AwsServiceError {}

/** Retried as the SDK's standard mode retries: a server error, throttling or a dropped connection. */
const RETRYABLE_CODES = new Set(['SlowDown', 'InternalError', 'ServiceUnavailable', 'RequestTimeout', 'RequestTimeTooSkewed']);
const isRetryable = (error: unknown): boolean =>
  error instanceof S3Error ? error.status >= 500 || error.status === 429 || RETRYABLE_CODES.has(error.name) : !(error instanceof Error && error.name === 'AbortError');

/** A name for a response without an XML error body (HEAD): the names the SDK gives them. */
const NAME_OF_STATUS: Record<number, string> = { 304: 'NotModified', 400: 'BadRequest', 403: 'Forbidden', 404: 'NotFound', 412: 'PreconditionFailed' };

/** RFC 3986 unreserved characters stay, everything else is escaped (S3's rule for keys and query values). */
export const escapeUri = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const escapeKey = (key: string): string => key.split('/').map(escapeUri).join('/');

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

const xmlField = (xml: string, name: string): string | undefined => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

export class S3 {
  private readonly region: string;
  private readonly endpoint: URL | undefined;
  private readonly credentials: AwsCredentialIdentityProvider;
  private readonly maxAttempts: number;
  private readonly http = new NodeHttpHandler({ connectionTimeout: 5_000, requestTimeout: 60_000 });
  private readonly signer: SignatureV4;
  private readonly presigner: S3RequestPresigner;

  constructor(options: S3Options = {}, env: Record<string, string | undefined> = awsEnv()) {
    this.region = options.region ?? env.AWS_REGION ?? 'us-east-1';
    const endpoint = options.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
    this.endpoint = endpoint ? new URL(endpoint) : undefined;
    this.credentials = memoised(options.credentials ?? defaultProvider());
    this.maxAttempts = options.maxAttempts ?? 3;
    const signing = { service: 's3', region: this.region, credentials: this.credentials, sha256: Sha256 };
    this.signer = new SignatureV4({ ...signing, uriEscapePath: false, applyChecksum: true });
    this.presigner = new S3RequestPresigner(signing);
  }

  /** A URL that lets its holder GET or PUT the object until it expires (seconds). */
  async presign(method: 'GET' | 'PUT', bucket: string, key: string, expiresIn: number, query: Record<string, string> = {}): Promise<string> {
    const signed = await this.presigner.presign(this.request(method, bucket, key, {}, undefined, query), { expiresIn });
    const search = Object.entries(signed.query ?? {})
      .map(([name, value]) => `${escapeUri(name)}=${escapeUri(String(value ?? ''))}`)
      .join('&');
    return `${signed.protocol}//${signed.headers.host}${signed.path}?${search}`;
  }

  async get(bucket: string, key: string, options: { range?: string; ifMatch?: string } = {}): Promise<S3Object> {
    const headers: Record<string, string> = {};
    if (options.range) headers.range = options.range;
    if (options.ifMatch) headers['if-match'] = options.ifMatch;
    const { headers: got, body } = await this.send('GET', bucket, key, headers);
    const length = Number(header(got, 'content-length'));
    return {
      body,
      contentLength: Number.isFinite(length) ? length : undefined,
      contentRange: header(got, 'content-range'),
      contentType: header(got, 'content-type'),
      etag: header(got, 'etag'),
      metadata: Object.fromEntries(Object.entries(got).filter(([name]) => name.startsWith('x-amz-meta-')).map(([name, value]) => [name.slice(11), String(value)])),
    };
  }

  /** The object's size, ETag and type, or undefined when there is no such object. */
  async head(bucket: string, key: string): Promise<S3Head | undefined> {
    try {
      const { headers, body } = await this.send('HEAD', bucket, key);
      body.resume();
      return { size: Number(header(headers, 'content-length') ?? 0), etag: header(headers, 'etag') ?? '', contentType: header(headers, 'content-type') };
    } catch (error) {
      if (error instanceof S3Error && (error.name === 'NotFound' || error.name === 'NoSuchKey')) return undefined;
      throw error;
    }
  }

  async put(bucket: string, key: string, body: Buffer, contentType: string): Promise<void> {
    const { body: answer } = await this.send('PUT', bucket, key, { 'content-type': contentType }, body);
    await drain(answer);
  }

  /** Rewrites an object onto itself with a new type and metadata (its bytes unchanged). */
  async replaceMetadata(bucket: string, key: string, contentType: string, metadata: Record<string, string>): Promise<void> {
    const headers: Record<string, string> = { 'x-amz-copy-source': `/${bucket}/${escapeKey(key)}`, 'x-amz-metadata-directive': 'REPLACE', 'content-type': contentType };
    for (const [name, value] of Object.entries(metadata)) headers[`x-amz-meta-${name}`] = value;
    const { body } = await this.send('PUT', bucket, key, headers);
    // A copy can fail after S3 answered 200: the error is then the body.
    const xml = (await drain(body)).toString('utf8');
    if (xml.includes('<Error>')) throw new S3Error(xmlField(xml, 'Code') ?? 'CopyFailed', xmlField(xml, 'Message') ?? 'copy failed', 200);
  }

  async delete(bucket: string, key: string): Promise<void> {
    const { body } = await this.send('DELETE', bucket, key);
    await drain(body);
  }

  private request(method: string, bucket: string, key: string, headers: Record<string, string>, body?: Buffer, query: Record<string, string> = {}): HttpRequest {
    const base = this.endpoint;
    const hostname = base ? base.hostname : `${bucket}.s3.${this.region}.amazonaws.com`;
    const port = base?.port ? Number(base.port) : undefined;
    const path = base ? `${base.pathname.replace(/\/$/, '')}/${bucket}/${escapeKey(key)}` : `/${escapeKey(key)}`;
    const host = port ? `${hostname}:${port}` : hostname;
    const sized: Record<string, string> = body ? { 'content-length': String(body.length) } : {};
    return new HttpRequest({ protocol: base?.protocol ?? 'https:', hostname, port, method, path, query, headers: { host, ...sized, ...headers }, body });
  }

  private async send(method: string, bucket: string, key: string, headers: Record<string, string> = {}, body?: Buffer): Promise<{ headers: IncomingHttpHeaders; body: Readable }> {
    return withRetries(this.maxAttempts, isRetryable, () => this.once(method, bucket, key, headers, body));
  }

  private async once(method: string, bucket: string, key: string, headers: Record<string, string>, body?: Buffer): Promise<{ headers: IncomingHttpHeaders; body: Readable }> {
    const signed = await this.signer.sign(this.request(method, bucket, key, headers, body));
    const { response } = await this.http.handle(signed as HttpRequest);
    const stream = response.body as Readable;
    const got = response.headers as IncomingHttpHeaders;
    if (response.statusCode < 300) return { headers: got, body: stream };
    const xml = method === 'HEAD' ? (stream.resume(), '') : (await drain(stream)).toString('utf8');
    const name = xmlField(xml, 'Code') ?? NAME_OF_STATUS[response.statusCode] ?? `Http${response.statusCode}`;
    throw new S3Error(name, xmlField(xml, 'Message') ?? `S3 ${method} ${bucket}/${key}: HTTP ${response.statusCode}`, response.statusCode);
  }
}

let s3: S3 | undefined;

/** The S3 client of a function that works with files (one per container). */
export const s3Client = (): S3 => (s3 ??= new S3());
