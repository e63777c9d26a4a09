import { setTimeout as sleep } from 'node:timers/promises';

// The fault drill's load and its accounting: steady single-recipient SMS requests against a running
// platform, then — after the fault and the recovery — what became of each one, read back from the
// OUTBOX provider through the admin API (the OUTBOX is where a delivery lands locally).

export const DEMO_KEY = 'demo-outplatform-key';

export interface LoadResult {
  /** requestNo → answered 00000. */
  accepted: Set<string>;
  /** No answer (connection refused or cut): the caller cannot know, and would retry. */
  unanswered: Set<string>;
  /** Answered with another retFlag (e.g. 90002 while DynamoDB is down). */
  refused: number;
}

const body = (requestNo: string, mobile: string) => ({
  requestNo,
  institution: 'OUTPLATFORM',
  bizType: 'MARKET_ACTIVITY',
  bizId: 'DRILL',
  pushType: 'SINGLE_ACCOUNT',
  bizContent: '{}',
  useTmpl: 'N',
  msgTitle: 'drill',
  msgContent: `drill ${requestNo}`,
  requestTime: '2026-12-01 10:00:00',
  requestIp: '127.0.0.1',
  userIds: [{ userId: requestNo, mobile }],
});

/**
 * Sends `count` requests, `perSecond` a second (each on its own schedule, not waiting for the one
 * before), calling `during(i)` before the i-th is sent (where the drill injects its fault).
 */
export const steadyLoad = async (
  url: () => string,
  options: { prefix: string; mobilePrefix: string; count: number; perSecond: number; during?: (i: number) => Promise<void> | void },
): Promise<LoadResult> => {
  const result: LoadResult = { accepted: new Set(), unanswered: new Set(), refused: 0 };
  const calls: Promise<void>[] = [];
  const started = Date.now();
  for (let i = 0; i < options.count; i++) {
    await options.during?.(i);
    const wait = started + (i * 1000) / options.perSecond - Date.now();
    if (wait > 0) await sleep(wait);
    const requestNo = `${options.prefix}${String(i).padStart(5, '0')}`;
    const mobile = `${options.mobilePrefix}${String(i).padStart(11 - options.mobilePrefix.length, '0')}`;
    calls.push(
      fetch(`${url()}/api/hcmsg/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': DEMO_KEY },
        body: JSON.stringify(body(requestNo, mobile)),
        signal: AbortSignal.timeout(30_000),
      })
        .then(async (response) => {
          const envelope = (await response.json()) as { head: { retFlag: string } };
          if (envelope.head.retFlag === '00000') result.accepted.add(requestNo);
          else result.refused++;
        })
        .catch(() => void result.unanswered.add(requestNo)),
    );
  }
  await Promise.all(calls);
  return result;
};

export interface DrillCounts {
  accepted: number;
  delivered: number;
  lost: number;
  duplicated: number;
  /** Requests that got no answer but were stored and delivered anyway (neither lost nor duplicated). */
  deliveredUnanswered: number;
  lostRequestNos: string[];
}

export const adminToken = async (url: string): Promise<string> => {
  const response = await fetch(`${url}/api/local/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin' }) });
  return ((await response.json()) as { body: { token: string } }).body.token;
};

/** OUTBOX entries of one request (each is one delivery of one recipient on one channel). */
const outboxOf = async (url: string, token: string, requestNo: string): Promise<{ to: string; channel: string }[]> => {
  const response = await fetch(`${url}/api/admin/outbox?requestNo=${requestNo}&limit=100`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`outbox query answered ${response.status}`);
  return ((await response.json()) as { body: { items: { to: string; channel: string }[] } }).body.items;
};

export const countDeliveries = async (url: string, load: LoadResult): Promise<DrillCounts> => {
  const token = await adminToken(url);
  const counts: DrillCounts = { accepted: load.accepted.size, delivered: 0, lost: 0, duplicated: 0, deliveredUnanswered: 0, lostRequestNos: [] };
  const check = async (requestNo: string, accepted: boolean) => {
    const entries = await outboxOf(url, token, requestNo);
    const sms = entries.filter((e) => e.channel === 'SMS');
    counts.duplicated += Math.max(0, sms.length - 1);
    if (sms.length === 0) {
      if (accepted) {
        counts.lost++;
        counts.lostRequestNos.push(requestNo);
      }
    } else if (accepted) counts.delivered++;
    else counts.deliveredUnanswered++;
  };
  const all = [...[...load.accepted].map((no) => [no, true] as const), ...[...load.unanswered].map((no) => [no, false] as const)];
  for (let i = 0; i < all.length; i += 10) await Promise.all(all.slice(i, i + 10).map(([no, accepted]) => check(no, accepted)));
  return counts;
};

/**
 * Waits until every accepted request is delivered (or the deadline passes), moving the functions'
 * clock on between looks so that claims go stale and rescans fall due without waiting for real minutes.
 */
export const recover = async (
  url: () => string,
  load: LoadResult,
  options: { advance: (ms: number) => Promise<void> | void; stepMs?: number; deadlineMs: number },
): Promise<DrillCounts> => {
  const deadline = Date.now() + options.deadlineMs;
  for (;;) {
    const counts = await countDeliveries(url(), load);
    if (counts.lost === 0 || Date.now() > deadline) return counts;
    await options.advance(options.stepMs ?? 2 * 60_000);
    await sleep(3_000);
  }
};
