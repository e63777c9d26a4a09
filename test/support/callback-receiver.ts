import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { freePort } from '../../infra/local/free-port.ts';

/**
 * The verification a caller writes (docs/CALLBACKS.md's snippet, kept independent of the platform's
 * own signing code): HMAC-SHA256 over `${timestamp}.${body}`, `v1=<hex>`, timestamp within 5 minutes.
 */
export const verifyCallback = (secret: string, headers: Record<string, string | string[] | undefined>, body: string, nowMs = Date.now()): boolean => {
  const timestamp = String(headers['x-hcmsg-timestamp'] ?? '');
  const signature = String(headers['x-hcmsg-signature'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  return signature.split(',').some((s) => {
    const given = Buffer.from(s.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
};

export interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A caller's callback endpoint: records what arrives and answers the next scripted status (200 when none). */
export const startCallbackReceiver = async () => {
  const received: Received[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = script.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'boom');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/hooks/hcmsg`,
    received,
    /** The next answers, in order. */
    answer: (...statuses: number[]) => script.push(...statuses),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};
