import { createServer, request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Server } from 'node:http';
import { freePort } from '../../infra/local/free-port.ts';

// A loopback proxy in front of a local AWS endpoint (DynamoDB Local, the embedded SQS), which the
// runner can put between the functions and that endpoint (`interpose`): the bench counts through it,
// the fault drill misbehaves through it.

export interface ProxyAnswer {
  status: number;
  headers?: OutgoingHttpHeaders | IncomingHttpHeaders;
  body: Buffer | string;
}

export interface ProxiedCall {
  /** The AWS operation (`PutItem`, `SendMessage`…), from the X-Amz-Target header. */
  operation: string;
  body: Buffer;
  /** Sends the call (with another body if given) to the endpoint and hands back its answer. */
  forward: (body?: Buffer) => Promise<ProxyAnswer>;
}

export const startAwsProxy = async (target: string, handle: (call: ProxiedCall) => Promise<ProxyAnswer>) => {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const forward = (body: Buffer = Buffer.concat(chunks)) =>
        new Promise<ProxyAnswer>((resolve) => {
          const headers = { ...req.headers, host: upstream.host, 'content-length': String(body.length) };
          const out = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (up) => {
            const parts: Buffer[] = [];
            up.on('data', (c: Buffer) => parts.push(c));
            up.on('end', () => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: Buffer.concat(parts) }));
          });
          out.on('error', (error) => resolve({ status: 502, body: String(error) }));
          out.end(body);
        });
      const operation = String(req.headers['x-amz-target'] ?? 'unknown').split('.').pop()!;
      void handle({ operation, body: Buffer.concat(chunks), forward }).then(
        (answer) => {
          res.writeHead(answer.status, answer.headers as OutgoingHttpHeaders);
          res.end(answer.body);
        },
        (error: Error) => {
          res.writeHead(502);
          res.end(String(error));
        },
      );
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
