import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

// The cloud smoke test: the README's seed example sent to a deployed (or local) API, then its status
// polled until every send record is final and, when the API reports it, the delivery outcome too.

const EXAMPLES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test', 'contracts', 'examples');

export interface SmokeOptions {
  /** The API's base URL (the ApiUrl output, or the site's URL: CloudFront routes /api/* to the API). */
  url: string;
  key: string;
  /** Which example of test/contracts/examples (default seed-sms). */
  example?: string;
  /** Sends as this institution instead of the example's (the key must be this institution's). */
  institution?: string;
  timeoutMs?: number;
  pollMs?: number;
  log?: (line: string) => void;
}

export interface SmokeResult {
  ok: boolean;
  requestNo: string;
  /** The last status answer's body (or the refusal's head). */
  last: unknown;
  reason: string;
}

interface Envelope {
  head: { retFlag: string; retMsg: string };
  body?: { status?: string; outcome?: string; deliveries?: { channel: string; status: string; sendCount: number; sendLimit: number }[] };
}

const FINAL_SEND = new Set(['SUCCESS', 'FAILED', 'UNSENDABLE', 'CANCELLED']);
const OK_OUTCOMES = new Set(['DELIVERED']);

const call = async (url: string, key: string, init: RequestInit = {}): Promise<{ status: number; envelope: Envelope }> => {
  const response = await fetch(url, { ...init, headers: { 'x-api-key': key, 'content-type': 'application/json', accept: 'application/json' } });
  const text = await response.text();
  try {
    return { status: response.status, envelope: JSON.parse(text) as Envelope };
  } catch {
    throw new Error(`${url}: HTTP ${response.status}, not an envelope: ${text.slice(0, 200)}`);
  }
};

/** What a status answer means for the smoke test: undefined while work is still in flight. */
const verdict = (body: NonNullable<Envelope['body']>): { ok: boolean; reason: string } | undefined => {
  const deliveries = body.deliveries ?? [];
  if (body.status === 'INTERCEPTED') return { ok: false, reason: 'the request was intercepted (blacklist or strategy)' };
  if (body.status !== 'SUCCESS' || deliveries.length === 0) return undefined;
  const failedForGood = deliveries.find((d) => d.status === 'UNSENDABLE' || (d.status === 'FAILED' && d.sendCount >= d.sendLimit));
  if (failedForGood) return { ok: false, reason: `${failedForGood.channel} send record ended ${failedForGood.status}` };
  if (!deliveries.every((d) => FINAL_SEND.has(d.status) && d.status !== 'FAILED')) return undefined;
  if (body.outcome === undefined) return { ok: true, reason: `every send record SUCCESS (${deliveries.map((d) => d.channel).join(', ')}); this API reports no delivery outcome` };
  if (body.outcome === 'PENDING') return undefined;
  return OK_OUTCOMES.has(body.outcome) ? { ok: true, reason: `outcome ${body.outcome}` } : { ok: false, reason: `outcome ${body.outcome}` };
};

export const runSmoke = async (options: SmokeOptions): Promise<SmokeResult> => {
  const log = options.log ?? ((line: string) => console.log(line));
  const base = options.url.replace(/\/$/, '');
  const example = JSON.parse(readFileSync(path.join(EXAMPLES, `${options.example ?? 'seed-sms'}.json`), 'utf8')) as Record<string, unknown>;
  const requestNo = `SMOKE${Date.now()}`.slice(0, 32);
  const body = { ...example, requestNo, ...(options.institution ? { institution: options.institution } : {}) };

  log(`POST ${base}/api/hcmsg/sendMessage requestNo=${requestNo}`);
  const sent = await call(`${base}/api/hcmsg/sendMessage`, options.key, { method: 'POST', body: JSON.stringify(body) });
  if (sent.envelope.head.retFlag !== '00000') {
    return { ok: false, requestNo, last: sent.envelope.head, reason: `sendMessage refused: HTTP ${sent.status} ${sent.envelope.head.retFlag} ${sent.envelope.head.retMsg}` };
  }
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  let last: Envelope['body'] = {};
  let shown = '';
  while (Date.now() < deadline) {
    const answer = await call(`${base}/api/hcmsg/requests/${requestNo}`, options.key);
    if (answer.envelope.head.retFlag === '00000' && answer.envelope.body) {
      last = answer.envelope.body;
      const line = `status ${last.status}${last.outcome ? ` outcome ${last.outcome}` : ''} deliveries ${(last.deliveries ?? []).map((d) => `${d.channel}:${d.status}`).join(',') || '-'}`;
      if (line !== shown) log((shown = line));
      const done = verdict(last);
      if (done) return { ok: done.ok, requestNo, last, reason: done.reason };
    } else if (answer.envelope.head.retFlag !== '50001' && answer.status !== 404) {
      return { ok: false, requestNo, last: answer.envelope.head, reason: `status query refused: ${answer.envelope.head.retFlag} ${answer.envelope.head.retMsg}` };
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 2_000));
  }
  return { ok: false, requestNo, last, reason: `not final after ${Math.round((options.timeoutMs ?? 180_000) / 1000)} s` };
};
