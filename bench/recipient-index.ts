import { randomUUID } from 'node:crypto';
import type { LocalPlatform } from '../infra/local/platform.ts';
import type { Counts } from './counting-proxy.ts';
import { postMessage, smsBody } from './pipeline.ts';
import { round } from './stats.ts';

/** Write units on the recipient index (`RCPT#` items), counted by the proxy. */
const indexUnits = (counts: Counts) =>
  Object.entries(counts.byKind)
    .filter(([kind]) => kind.includes('RCPT'))
    .reduce((sum, [, c]) => ({ requests: sum.requests + c.requests, units: sum.units + c.units }), { requests: 0, units: 0 });

/**
 * What find-by-recipient costs at write time: one bulk SMS request of `recipients` recipients, each
 * with userId, mobile and custNo (3 identities), split by the real split function; the write units
 * the split spent on the recipient index, per recipient, and the BatchWriteItem calls it took.
 */
export const costOfRecipientIndex = async (platform: LocalPlatform, counts: { dynamo: Counts; reset: () => void }, recipients = 1000) => {
  const requestNo = `rcpt${randomUUID().slice(0, 8)}`;
  const userIds = Array.from({ length: recipients }, (_, i) => ({ userId: `U${i}`, mobile: `1390000${String(i).padStart(4, '0')}`, custNo: `C${i}` }));
  counts.reset();
  const started = performance.now();
  await postMessage(platform.url, { ...smsBody(requestNo), pushType: 'MULTI_ACCOUNT', userIds });
  for (;;) {
    const response = await fetch(`${platform.url}/api/hcmsg/requests/${requestNo}`, { headers: { 'x-api-key': 'demo-outplatform-key' } });
    const status = ((await response.json()) as { body?: { status?: string } }).body?.status;
    if (status === 'SUCCESS') break;
    if (performance.now() - started > 300_000) throw new Error(`request ${requestNo} not split within 5 min (status ${status})`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const { requests, units } = indexUnits(counts.dynamo);
  return {
    recipients,
    identitiesPerRecipient: 3,
    writeUnits: round(units),
    writeUnitsPerRecipient: round(units / recipients, 3),
    batchWriteRequests: requests,
    note: 'one item (< 1 KB, in no index) per identity and request: 1 write unit per identity a recipient has (mobile, email, userId, custNo)',
  };
};
