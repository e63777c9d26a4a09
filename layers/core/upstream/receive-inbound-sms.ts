import type { UpstreamMessage } from '#contracts/upstream';
import type { ConfigReader } from '#core/config-port';
import { normaliseMobile } from '#core/interception/normalise';
import { readParameter } from '#core/parameters';

/** One inbound SMS as any source gives it, before the platform looks at it. */
export interface InboundSms {
  source: UpstreamMessage['source'];
  /** The source's own id of the message: with the source, the stored item's id (a redelivery finds it). */
  sourceId: string;
  sendTypeId?: string | undefined;
  mobile: string;
  destination?: string | undefined;
  content: string;
  sentAt?: string | undefined;
}

export interface UpstreamStore {
  /** Stores the message unless its id is stored already; false then (a redelivery). */
  put(message: UpstreamMessage): Promise<boolean>;
}

export interface UnsubscribeList {
  /** Blacklists the mobile for one business type, audited with the reason; an existing entry is kept. */
  add(entry: { mobile: string; bizType: string; reason: string }): Promise<void>;
}

export interface ReceiveInboundDeps {
  store: UpstreamStore;
  config: ConfigReader;
  blacklist: UnsubscribeList;
  now: () => Date;
}

export type InboundOutcome = { outcome: 'stored' | 'duplicate'; unsubscribe: boolean; blacklistedFor: string[] };

const REASON_MAX = 200;

/**
 * 上行短信 (SPEC §9): stores the text; an unsubscribe keyword (parameter UNSUBSCRIBE_KEYWORDS, the
 * whole text compared trimmed and case-insensitively) blacklists the mobile for every non-critical
 * business type — critical ones (security alerts) keep reaching it. Nothing is answered to the
 * sender. The blacklist writes come first and are idempotent, the stored message last: a consumer
 * that dies in between is finished by the redelivery.
 */
export const receiveInboundSms = async (deps: ReceiveInboundDeps, inbound: InboundSms): Promise<InboundOutcome> => {
  const mobile = normaliseMobile(inbound.mobile);
  const keyword = inbound.content.trim().toUpperCase();
  const keywords = (await readParameter(deps.config, 'UNSUBSCRIBE_KEYWORDS')).map((k) => k.trim().toUpperCase());
  const unsubscribe = keyword.length > 0 && keywords.includes(keyword);
  const blacklistedFor: string[] = [];
  if (unsubscribe) {
    const reason = `上行退订: ${inbound.content.trim()}`.slice(0, REASON_MAX);
    const bizTypes = (await deps.config.list('bizType')).filter((b) => !b.critical).map((b) => b.code).sort();
    for (const bizType of bizTypes) {
      await deps.blacklist.add({ mobile, bizType, reason });
      blacklistedFor.push(bizType);
    }
  }
  const stored = await deps.store.put({
    id: `${inbound.source}#${inbound.sourceId}`,
    source: inbound.source,
    ...(inbound.sendTypeId ? { sendTypeId: inbound.sendTypeId } : {}),
    mobile,
    ...(inbound.destination ? { destination: inbound.destination } : {}),
    content: inbound.content,
    keyword: keyword.slice(0, 100),
    unsubscribe,
    ...(unsubscribe ? { blacklistedFor } : {}),
    receivedAt: deps.now().toISOString(),
    ...(inbound.sentAt ? { sentAt: inbound.sentAt } : {}),
  });
  return { outcome: stored ? 'stored' : 'duplicate', unsubscribe, blacklistedFor };
};
