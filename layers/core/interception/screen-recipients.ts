import type { ListEntry } from '#contracts/config-protection';
import { listEntryId } from '#contracts/config-registry';
import { identityOf } from '#core/channels/registry';
import type { ConfigReader } from '#core/config-port';
import type { ScreenDecision, ScreenInput } from './screen-port.ts';
import { loadPolicy, type EffectivePolicy } from './effective-policy.ts';
import { emailDomainOf, normaliseEmail, normaliseMobile } from './normalise.ts';
import type { CapCounter, CapRequest, ListLookup } from './protection-ports.ts';
import { localDayAndHour, windowEnd } from './time-window.ts';

export interface ScreenDeps {
  config: ConfigReader;
  lists: ListLookup;
  counters: CapCounter;
}

type Recipient = ScreenInput['recipients'][number];

// Counters outlive their day by a margin so a late redelivery still finds what was counted.
const COUNTER_LIFETIME_MS = 2 * 24 * 3600 * 1000;

/** The identities a recipient can be listed by, normalised as list entries are stored. */
const identitiesOf = (r: Recipient, channel: ScreenInput['channel']) => {
  const userId = r.userId?.trim() || undefined;
  const own = identityOf(channel);
  const mobileRaw = r.mobile ?? (own === 'mobile' ? r.to : undefined);
  const deviceNo = (r.deviceNo ?? (own === 'deviceNo' ? r.to : undefined))?.trim() || undefined;
  const emailRaw = r.email ?? (own === 'email' ? r.to : undefined);
  return {
    userId,
    mobile: mobileRaw ? normaliseMobile(mobileRaw) || undefined : undefined,
    deviceNo,
    email: emailRaw ? normaliseEmail(emailRaw) : undefined,
  };
};

/** List ids to look up: the business-type-specific entry first, then the one for all types. */
const candidateIds = (identity: ReturnType<typeof identitiesOf>, bizType: string): string[] =>
  (
    [
      ['USER_ID', identity.userId],
      ['MOBILE', identity.mobile],
      ['DEVICE_NO', identity.deviceNo],
    ] as const
  ).flatMap(([kind, value]) => (value ? [listEntryId({ kind, value, bizType }), listEntryId({ kind, value })] : []));

/** Who a cap counts: the address this channel delivers to. */
const capRecipientKey = (identity: ReturnType<typeof identitiesOf>, r: Recipient, channel: ScreenInput['channel']): string =>
  ((own) => (own ? identity[own] : undefined))(identityOf(channel)) ?? r.to.trim();

const firstForbiddenWord = (policy: EffectivePolicy, input: ScreenInput): string | undefined => {
  if (policy.forbiddenWords.length === 0) return undefined;
  const text = `${input.title}\n${input.content}`.toLowerCase();
  return policy.forbiddenWords.find((word) => text.includes(word.toLowerCase()));
};

/** The latest end among the quiet windows `now` is in, unless the business type is critical. */
const heldUntil = (policy: EffectivePolicy, now: Date): { until: Date; reason: string } | undefined => {
  if (policy.critical) return undefined;
  let held: { until: Date; reason: string } | undefined;
  for (const window of policy.quietHours) {
    const until = windowEnd(window, now);
    if (until && (!held || until > held.until)) {
      held = { until, reason: `免打扰时段 ${window.start}-${window.end} (${window.timeZone})，${until.toISOString()} 后发送` };
    }
  }
  return held;
};

/**
 * 发送拦截 for one send record. Order: whitelist (exempt from blacklist, content rule and caps, but
 * still held by quiet hours: being whitelisted means "never blocked", not "woken at 3 am"),
 * blacklist, forbidden words, caps, quiet hours. Caps are counted before quiet hours, so a held
 * message counts on the day it was accepted and the release cannot push a recipient over the cap.
 */
export const screenRecipients = async (deps: ScreenDeps, input: ScreenInput): Promise<ScreenDecision[]> => {
  const now = input.now;
  const policy = await loadPolicy(deps.config, input.bizType);
  const identities = input.recipients.map((r) => identitiesOf(r, input.channel));
  const ids = identities.map((identity) => candidateIds(identity, input.bizType));
  const unique = [...new Set(ids.flat())];
  const domains = identityOf(input.channel) === 'email' ? identities.map((i) => (i.email ? emailDomainOf(i.email) : undefined)) : [];
  const found = await deps.lists.find({
    blacklist: unique,
    whitelist: unique,
    emailDomains: [...new Set(domains.filter((d): d is string => d !== undefined))],
  });
  const active = (entry: ListEntry | undefined) => entry !== undefined && !(entry.expiresAt && Date.parse(entry.expiresAt) <= now.getTime());
  const held = heldUntil(policy, now);
  const release = (index: number, exempt: boolean): ScreenDecision =>
    held ? { index, action: 'HOLD', until: held.until, reason: held.reason } : { index, action: 'SEND', exempt };
  const forbidden = firstForbiddenWord(policy, input);
  const { day, hour } = localDayAndHour(now, policy.timeZone);
  const capped = policy.dailyCap !== undefined || policy.hourlyCap !== undefined;

  const decisions: (ScreenDecision | undefined)[] = [];
  const toCount: { position: number; request: CapRequest }[] = [];
  input.recipients.forEach((r, position) => {
    const candidates = ids[position]!;
    const domain = domains[position];
    if (candidates.some((id) => active(found.whitelist.get(id))) || (domain !== undefined && found.emailDomains.has(domain))) {
      decisions[position] = release(r.index, true);
      return;
    }
    const black = candidates.map((id) => found.blacklist.get(id)).find(active);
    if (black) {
      decisions[position] = { index: r.index, action: 'INTERCEPT', rule: 'BLACKLIST', reason: black.reason || '黑名单' };
      return;
    }
    if (forbidden !== undefined) {
      decisions[position] = { index: r.index, action: 'INTERCEPT', rule: 'FORBIDDEN_WORD', reason: `内容含有敏感词「${forbidden}」` };
      return;
    }
    if (!capped) {
      decisions[position] = release(r.index, false);
      return;
    }
    toCount.push({
      position,
      request: {
        scope: `${input.bizType}#${input.channel}#${capRecipientKey(identities[position]!, r, input.channel)}`,
        day,
        hour,
        countId: `${input.sendId}#${r.index}`,
        dailyCap: policy.dailyCap,
        hourlyCap: policy.hourlyCap,
        expiresAt: new Date(now.getTime() + COUNTER_LIFETIME_MS),
      },
    });
  });

  const outcomes = toCount.length > 0 ? await deps.counters.count(toCount.map((c) => c.request)) : [];
  toCount.forEach(({ position }, i) => {
    const index = input.recipients[position]!.index;
    const outcome = outcomes[i];
    if (outcome === undefined) throw new Error(`cap counter returned no outcome for recipient ${index}`);
    if (outcome === 'DAILY_CAP') {
      decisions[position] = { index, action: 'INTERCEPT', rule: 'DAILY_CAP', reason: `超过每日发送上限 ${policy.dailyCap}` };
    } else if (outcome === 'HOURLY_CAP') {
      decisions[position] = { index, action: 'INTERCEPT', rule: 'HOURLY_CAP', reason: `超过每小时发送上限 ${policy.hourlyCap}` };
    } else {
      decisions[position] = release(index, false);
    }
  });
  return decisions.map((d) => d!);
};
