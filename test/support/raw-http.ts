import { connect } from 'node:net';

// A raw TCP client for what fetch will not send (a header block without its body, a lying
// Content-Length) and for seeing how the server ends a connection: a clean FIN or a reset.

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  /** Responses in the order they arrived on the connection. */
  responses: RawResponse[];
  /** 'end' is a clean close by the server (FIN); 'reset' an ECONNRESET/EPIPE; 'open' still open at the deadline. */
  closed: 'end' | 'reset' | 'open';
}

const parseResponses = (raw: Buffer): RawResponse[] => {
  const out: RawResponse[] = [];
  let rest = raw;
  for (;;) {
    const split = rest.indexOf('\r\n\r\n');
    if (split < 0) return out;
    const [statusLine, ...lines] = rest.subarray(0, split).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(
      lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    const end = split + 4 + length;
    if (rest.length < end) return out;
    out.push({ status: Number(statusLine!.split(' ')[1]), headers, body: rest.subarray(split + 4, end).toString('utf8') });
    rest = rest.subarray(end);
  }
};

/**
 * Writes `parts` one after the other (a string or Buffer each) on one connection and collects what
 * the server answers until it closes the connection, `expectResponses` arrived and the connection
 * stayed open, or `deadlineMs` passed (a liveness bound, not a speed assertion).
 */
export const rawExchange = (
  port: number,
  parts: (string | Buffer)[],
  options: { expectResponses?: number; deadlineMs?: number } = {},
): Promise<RawExchange> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (closed: RawExchange['closed']) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ responses: parseResponses(Buffer.concat(chunks)), closed });
    };
    const timer = setTimeout(() => finish('open'), options.deadlineMs ?? 15_000);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.expectResponses && parseResponses(Buffer.concat(chunks)).length >= options.expectResponses) {
        // Give the server a moment to close if it means to, so `closed` tells the truth.
        setTimeout(() => finish('open'), 300);
      }
    });
    socket.on('end', () => finish('end'));
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNRESET' || error.code === 'EPIPE' ? 'reset' : 'reset'));
    socket.on('connect', async () => {
      for (const part of parts) {
        if (settled) return;
        const ok = socket.write(part);
        if (!ok) await new Promise<void>((r) => socket.once('drain', () => r()).once('close', () => r()));
      }
    });
  });
