import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../../layers/core/errors.ts';
import { errorTable } from '../../layers/runtime/error-table.ts';

// What the local server does with input API Gateway would refuse before a function sees it: bodies
// over Lambda's limit, broken percent escapes, oversize or unparseable request heads. Each answer is
// the envelope, never Node's bare response.

/** Lambda's synchronous invocation payload limit (API Gateway itself stops at 10 MB). */
export const LAMBDA_PAYLOAD_LIMIT = 6 * 1024 * 1024;
/** API Gateway HTTP API: request line and headers together at most 10 KB. */
export const MAX_HEADER_BYTES = 10 * 1024;
/** How long a refused body is still read (and dropped) before the connection is closed regardless. */
const LINGER_MS = 5_000;

const envelopeText = (code: ErrorCode, retMsg: string) => {
  const { retFlag, status } = errorTable[code];
  return { status, text: JSON.stringify({ head: { retFlag, retMsg }, body: {} }) };
};

export const sendEnvelope = (res: ServerResponse, code: ErrorCode, retMsg: string): void => {
  const { status, text } = envelopeText(code, retMsg);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
};

/** Content-Length says the body is over the limit: refuse before reading a byte of it. */
export const declaredTooLarge = (req: IncomingMessage, limit = LAMBDA_PAYLOAD_LIMIT): boolean =>
  Number(req.headers['content-length'] ?? 0) > limit;

/**
 * The body, or undefined once it passes `limit` (counted while streaming, so a chunked body without
 * Content-Length is stopped too). Past the limit the rest keeps flowing and is dropped, not buffered.
 */
export const readBodyWithin = (req: IncomingMessage, limit = LAMBDA_PAYLOAD_LIMIT): Promise<Buffer | undefined> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return;
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/**
 * 413 and close, cleanly. The answer is written at once, but the connection is ended only once the
 * client has finished sending (its bytes read and dropped) or LINGER_MS passed: closing a socket with
 * unread input makes the kernel send a reset, and a client still writing its body would then lose
 * the 413 and see "connection reset" — on keep-alive, on its next request too.
 */
export const refuseTooLarge = (req: IncomingMessage, res: ServerResponse): void => {
  const { status, text } = envelopeText('PAYLOAD_TOO_LARGE', `body: 请求体超过 ${LAMBDA_PAYLOAD_LIMIT / 1024 / 1024} MB (Lambda payload limit)`);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), connection: 'close' });
  res.write(text);
  const done = () => {
    clearTimeout(linger);
    if (!res.writableEnded) res.end();
  };
  const linger = setTimeout(done, LINGER_MS);
  linger.unref();
  if (req.readableEnded) return done();
  req.on('end', done).on('error', done).on('close', done);
  req.resume();
};

const decodes = (text: string): boolean => {
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * The field whose percent-encoding is broken (`path`, or `query.<name>`), if any. Node's URL parser
 * keeps a malformed escape as it is; API Gateway decodes paths and queries, so a function would
 * otherwise meet a `%` it cannot decode (or a lone surrogate) and fail.
 */
export const malformedEscape = (rawUrl: string): string | undefined => {
  const [path = '', ...rest] = rawUrl.split('?');
  if (!decodes(path)) return 'path';
  for (const pair of rest.join('?').split('&')) {
    const [name = '', ...value] = pair.split('=');
    if (!decodes(name.replace(/\+/g, ' '))) return 'query';
    if (!decodes(value.join('=').replace(/\+/g, ' '))) return `query.${decodes(name) ? decodeURIComponent(name) : name}`;
  }
  return undefined;
};

/**
 * Node's own answer to a request it cannot parse is a bare 400/431 with no body; ours is the
 * envelope. Only when the socket can still take a response (a reset client gets nothing).
 */
export const answerClientError = (error: NodeJS.ErrnoException, socket: Duplex): void => {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [code, retMsg] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? (['HEADERS_TOO_LARGE', `headers: 请求行与请求头超过 ${MAX_HEADER_BYTES / 1024} KB (request headers too large)`] as const)
      : (['VALIDATION', 'request: 不是合法的 HTTP 请求 (malformed HTTP request)'] as const);
  const { status, text } = envelopeText(code, retMsg);
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
};
