import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3, S3Error } from '#adapters/s3-client';

// The files' S3 client signs with the SDK's signer (layers/adapters/s3-client.ts). Its signatures are
// checked here by an independent SigV4 computation, itself checked first against the example AWS
// publishes for presigned URLs; requests go to a capturing HTTP server (s3rver checks no signature).

const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const escape = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const canonicalQuery = (params: URLSearchParams) =>
  [...params]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [escape(name), escape(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
const signature = (secret: string, amzDate: string, scope: string, canonicalRequest: string) => {
  const [day, region, service] = scope.split('/') as [string, string, string];
  const key = ['aws4_request'].reduce((k, part) => hmac(k, part), hmac(hmac(hmac(`AWS4${secret}`, day), region), service));
  return hmac(key, ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n')).toString('hex');
};

/** The signature a presigned URL should carry, computed from the URL itself. */
const expectedUrlSignature = (url: URL, method: string, secret: string) => {
  const q = url.searchParams;
  const signed = q.get('X-Amz-SignedHeaders')!.split(';');
  const headers = signed.map((name) => `${name}:${name === 'host' ? url.host : ''}\n`).join('');
  const payload = q.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  const scope = q.get('X-Amz-Credential')!.split('/').slice(1).join('/');
  return signature(secret, q.get('X-Amz-Date')!, scope, [method, url.pathname, canonicalQuery(q), headers, signed.join(';'), payload].join('\n'));
};

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const credentials = async () => ({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: SECRET });

describe('S3 presigned URLs', () => {
  it("the checking computation reproduces the signature of AWS's published example", () => {
    const url = new URL(
      'https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host',
    );
    expect(expectedUrlSignature(url, 'GET', SECRET)).toBe('aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
  });

  it("signs an upload URL for the bucket's own host, valid for the time asked", async () => {
    const s3 = new S3({ region: 'ap-east-1', credentials });
    const url = new URL(await s3.presign('PUT', 'imports-bucket', 'imports/2026-12-02/名单 (1).csv', 900));
    expect(url.host).toBe('imports-bucket.s3.ap-east-1.amazonaws.com');
    expect(url.pathname).toBe(`/imports/2026-12-02/${escape('名单 (1).csv')}`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIAIOSFODNN7EXAMPLE\/\d{8}\/ap-east-1\/s3\/aws4_request$/);
    expect(Math.abs(Date.now() - Date.parse(url.searchParams.get('X-Amz-Date')!.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')))).toBeLessThan(60_000);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedUrlSignature(url, 'PUT', SECRET));
    // Signed for PUT: the same URL used to GET does not verify.
    expect(url.searchParams.get('X-Amz-Signature')).not.toBe(expectedUrlSignature(url, 'GET', SECRET));
  });

  it('signs a download URL with the file name it is saved under', async () => {
    const s3 = new S3({ region: 'ap-east-1', credentials });
    const disposition = `attachment; filename*=UTF-8''${encodeURIComponent('账单.pdf')}`;
    const url = new URL(await s3.presign('GET', 'attachments', '0123456789abcdef0123456789abcdef', 300, { 'response-content-disposition': disposition }));
    expect(url.searchParams.get('response-content-disposition')).toBe(disposition);
    expect(url.searchParams.get('X-Amz-Signature')).toBe(expectedUrlSignature(url, 'GET', SECRET));
    url.searchParams.set('response-content-disposition', 'attachment; filename=other.exe');
    expect(url.searchParams.get('X-Amz-Signature')).not.toBe(expectedUrlSignature(url, 'GET', SECRET));
  });
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

describe('S3 requests', () => {
  let server: Server;
  let endpoint: string;
  const seen: Seen[] = [];
  /** What the server answers next, in order; then 200 with no body. */
  const answers: Array<{ status: number; body?: string; headers?: Record<string, string> }> = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        seen.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(chunks) });
        const answer = answers.shift() ?? { status: 200 };
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(request.method === 'HEAD' ? undefined : answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () => new S3({ region: 'ap-east-1', endpoint, credentials });
  const last = () => seen[seen.length - 1]!;

  it('puts an object with a SigV4 signature over its method, path, host and body hash', async () => {
    await client().put('imports', 'a/b c.xlsx', Buffer.from('workbook bytes'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const request = last();
    expect(request).toMatchObject({ method: 'PUT', url: `/imports/a/${escape('b c.xlsx')}` });
    expect(request.body.toString()).toBe('workbook bytes');
    expect(request.headers['x-amz-content-sha256']).toBe(sha256('workbook bytes'));
    const auth = /^AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE\/([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(request.headers.authorization!)!;
    expect(auth).not.toBeNull();
    const [, scope, signedHeaders, given] = auth as unknown as [string, string, string, string];
    const canonicalHeaders = signedHeaders.split(';').map((name) => `${name}:${String(request.headers[name]).trim()}\n`).join('');
    expect(signedHeaders.split(';')).toEqual(expect.arrayContaining(['host', 'x-amz-content-sha256', 'x-amz-date', 'content-type']));
    const canonical = ['PUT', request.url, '', canonicalHeaders, signedHeaders, sha256('workbook bytes')].join('\n');
    expect(given).toBe(signature(SECRET, String(request.headers['x-amz-date']), scope, canonical));
  });

  it('reads a range and the whole size; names a missing object as S3 does', async () => {
    answers.push({ status: 206, body: 'PK\u0003\u0004', headers: { 'content-range': 'bytes 0-3/5120', etag: '"abc"' } });
    const object = await client().get('imports', 'f.xlsx', { range: 'bytes=0-3', ifMatch: '"abc"' });
    expect(last().headers).toMatchObject({ range: 'bytes=0-3', 'if-match': '"abc"' });
    expect(object.contentRange).toBe('bytes 0-3/5120');
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('PK\u0003\u0004');

    answers.push({ status: 404, body: '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>' });
    const missing = await client().get('imports', 'gone.xlsx').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(S3Error);
    expect(missing).toMatchObject({ name: 'NoSuchKey', status: 404, message: 'The specified key does not exist.' });

    answers.push({ status: 412 });
    await expect(client().get('imports', 'f.xlsx', { ifMatch: '"old"' })).rejects.toMatchObject({ name: 'PreconditionFailed' });
  });

  it('heads an object, and answers undefined for one that is not there', async () => {
    answers.push({ status: 200, headers: { 'content-length': '42', etag: '"e1"', 'content-type': 'text/csv' } });
    expect(await client().head('imports', 'f.csv')).toEqual({ size: 42, etag: '"e1"', contentType: 'text/csv' });
    answers.push({ status: 404 });
    expect(await client().head('imports', 'nothing.csv')).toBeUndefined();
    answers.push({ status: 403 });
    await expect(client().head('imports', 'forbidden.csv')).rejects.toMatchObject({ name: 'Forbidden', status: 403 });
  });

  it('retries a busy or failing S3 and gives up after its attempts', async () => {
    const before = seen.length;
    answers.push({ status: 503, body: '<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>' }, { status: 200 });
    await client().delete('attachments', 'x');
    expect(seen.length - before).toBe(2);

    const start = seen.length;
    answers.push({ status: 500, body: '<Error><Code>InternalError</Code></Error>' }, { status: 500, body: '<Error><Code>InternalError</Code></Error>' }, { status: 500, body: '<Error><Code>InternalError</Code></Error>' });
    await expect(client().delete('attachments', 'y')).rejects.toMatchObject({ name: 'InternalError' });
    expect(seen.length - start).toBe(3);

    const once = seen.length;
    answers.push({ status: 403, body: '<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>' });
    await expect(client().delete('attachments', 'z')).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(seen.length - once).toBe(1);
  });

  it('rewrites an object in place with its new type and metadata, and fails on an error in a 200 answer', async () => {
    await client().replaceMetadata('attachments', 'abc', 'application/pdf', { filename: encodeURIComponent('账单.pdf') });
    expect(last().headers).toMatchObject({
      'x-amz-copy-source': '/attachments/abc',
      'x-amz-metadata-directive': 'REPLACE',
      'content-type': 'application/pdf',
      'x-amz-meta-filename': encodeURIComponent('账单.pdf'),
    });
    answers.push({ status: 200, body: '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>' });
    await expect(client().replaceMetadata('attachments', 'abc', 'application/pdf', {})).rejects.toMatchObject({ name: 'InternalError' });
  });
});
