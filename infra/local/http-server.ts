import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { matchRoute, toApiEvent, type Route } from './api-events.ts';
import { InvocationError, type FunctionHost } from './function-host.ts';
import type { LocalAuth } from './local-auth.ts';
import {
  answerClientError,
  declaredTooLarge,
  LAMBDA_PAYLOAD_LIMIT,
  malformedEscape,
  MAX_HEADER_BYTES,
  readBodyWithin,
  refuseTooLarge,
  sendEnvelope,
} from './request-guards.ts';
import type { WebConfig } from '../../layers/contracts/web-config.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface HttpServerOptions {
  routes: Route[];
  hosts: Record<string, FunctionHost>;
  auth: LocalAuth;
  webDir: string;
  /** What the web stack writes as /config.json at deploy time. */
  webConfig: WebConfig;
}

const sendJson = (res: ServerResponse, status: number, payload: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(payload));
};

const writeResult = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | null): void => {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    // HTTP API treats a non-structured return as a 200 JSON body.
    sendJson(res, 200, result);
    return;
  }
  const body = result.body ?? '';
  const payload = result.isBase64Encoded ? Buffer.from(body, 'base64') : Buffer.from(body);
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.statusCode ?? 200, headers);
  res.end(payload);
};

const serveStatic = (res: ServerResponse, options: HttpServerOptions, pathname: string): void => {
  if (pathname === '/config.json') return sendJson(res, 200, options.webConfig);
  const index = join(options.webDir, 'index.html');
  if (!existsSync(index)) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><meta charset="utf-8"><title>消息平台</title><h1>消息平台 Message Platform</h1>' +
        '<p>The admin web is not built yet. API: <a href="/api/health">/api/health</a>, <a href="/api/docs">/api/docs</a></p>',
    );
    return;
  }
  const safe = normalize(decodeURIComponent(pathname)).replace(/^(\.\.[/\\])+/, '');
  let file = join(options.webDir, safe);
  if (!file.startsWith(options.webDir) || !existsSync(file) || statSync(file).isDirectory()) file = index; // SPA fallback
  res.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'cache-control': file === index ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  res.end(readFileSync(file));
};

/** API Gateway + CloudFront, locally: `/api/*` goes to the route's function, the rest is the admin site. */
export const startHttpServer = (options: HttpServerOptions, port: number, host: string): Promise<Server> => {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Size first: a body over the limit is refused before it is read, before any route or credential.
    if (declaredTooLarge(req)) return refuseTooLarge(req, res);
    const broken = malformedEscape(req.url ?? '/');
    if (broken) return sendEnvelope(res, 'VALIDATION', `${broken}: 百分号编码无效 (malformed percent-encoding)`);
    // The Host header is the caller's to choose; it never takes part in parsing the path.
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return sendEnvelope(res, 'VALIDATION', 'path: 不是合法的请求地址 (malformed request target)');
    }
    if (!url.pathname.startsWith('/api/') && url.pathname !== '/api') return serveStatic(res, options, url.pathname);

    const body = await readBodyWithin(req);
    if (body === undefined) return refuseTooLarge(req, res);

    if (url.pathname === '/api/local/login' && req.method === 'POST') {
      let credentials: unknown;
      try {
        credentials = JSON.parse(body.toString() || '{}');
      } catch {
        return sendEnvelope(res, 'MALFORMED_JSON', 'body: 请求体不是合法的 JSON (malformed JSON)');
      }
      const { username, password } = (typeof credentials === 'object' && credentials !== null ? credentials : {}) as Record<string, unknown>;
      const session = options.auth.login(typeof username === 'string' ? username : '', typeof password === 'string' ? password : '');
      if (!session) return sendEnvelope(res, 'ADMIN_UNAUTHENTICATED', '用户名或密码错误 (wrong username or password)');
      return sendJson(res, 200, { head: { retFlag: '00000', retMsg: '处理成功' }, body: session });
    }

    const matched = matchRoute(options.routes, req.method ?? 'GET', url.pathname);
    if (!matched) return sendEnvelope(res, 'ROUTE_NOT_FOUND', `接口不存在: ${req.method} ${url.pathname} (no such route)`);
    let authorizer;
    if (matched.route.trigger.auth === 'admin') {
      authorizer = options.auth.authorize(req.headers.authorization);
      if (!authorizer) return sendEnvelope(res, 'ADMIN_UNAUTHENTICATED', '未登录或登录已过期 (sign in required)');
    }
    const event = toApiEvent(req, url, body, matched, authorizer);
    try {
      const result = await options.hosts[matched.route.functionName]!.invoke<APIGatewayProxyStructuredResultV2>(event);
      const size = Buffer.byteLength(JSON.stringify(result ?? null));
      if (size > LAMBDA_PAYLOAD_LIMIT) return sendEnvelope(res, 'INTERNAL', '响应超过 Lambda 6 MB 限制 (response too large)');
      writeResult(res, result);
    } catch (error) {
      if (error instanceof InvocationError && error.kind === 'timeout') return sendEnvelope(res, 'TIMEOUT', '处理超时 (function timed out)');
      process.stderr.write(`[${matched.route.functionName}] ${(error as Error).message}\n`);
      sendEnvelope(res, 'INTERNAL', '系统内部错误 (internal error)');
    }
  };

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: Error) => {
      process.stderr.write(`runner: ${error.stack ?? error.message}\n`);
      if (!res.headersSent) sendEnvelope(res, 'INTERNAL', '系统内部错误 (internal error)');
      else res.end();
    });
  };
  // Idle keep-alive connections outlive the clients' own idle timeouts, so a client never sends a
  // request on a connection the server is just closing — the race that resets a request. undici keeps
  // a connection for the server's announced timeout (less a second) up to 600 s: announcing more than
  // that leaves the closing to the client even when the event loop was blocked for a minute (a test
  // that synthesizes the stacks in the process that also runs this server).
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, serve);
  server.keepAliveTimeout = 610_000;
  server.headersTimeout = 66_000;
  // `Expect: 100-continue` with an oversize Content-Length: refused before the client sends the body.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    if (declaredTooLarge(req)) return refuseTooLarge(req, res);
    res.writeContinue();
    serve(req, res);
  });
  server.on('clientError', answerClientError);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
};
