import { createHash } from 'node:crypto';
import type { ChannelKind } from '#contracts/config-common';
import type { ProviderKind } from '#contracts/config-platform';
import type { SendLogEntry } from '#contracts/delivery-reports';
import { normaliseEmail, normaliseMobile } from '#core/interception/normalise';
import { maskAddress } from '#core/privacy/mask';
import { isProviderError, type Provider, type Providers } from '#core/providers';
import type { Log } from './ports.ts';

// MSG_LOG (SPEC §9): one entry per provider call, written around the call, so every provider (and
// any wrapper another concern puts around one) is logged the same way without knowing of it.

export interface SendLogStore {
  /**
   * Stores the entry (unless `carried`: its send record keeps it); with `byProviderId`, also where a
   * status report that carries only the provider's message id (SNS, SES) finds which message it is about.
   */
  record(entry: SendLogEntry, how: { byProviderId: boolean; carried: boolean }): Promise<void>;
}

export interface CallLogDeps {
  store: SendLogStore;
  now: () => Date;
  log: Log;
}

/** Their status reports name only the provider's own message id: the log keeps the way back to ours. */
const MATCHED_BY_PROVIDER_ID = new Set<ProviderKind>(['SNS_SMS', 'SES', 'SNS_PUSH']);
/** …unless the report names the destination too and the recipient index finds the message by it (core/delivery/address-match.ts). */
const MATCHED_BY_ADDRESS = new Set<ProviderKind>(['SNS_SMS']);

/** One address, however written, hashes the same: an exact search by mobile or e-mail finds its calls. */
export const addressHash = (channel: ChannelKind, to: string): string =>
  createHash('sha256')
    .update(channel === 'SMS' ? normaliseMobile(to) : channel === 'EMAIL' ? normaliseEmail(to) : to.trim(), 'utf8')
    .digest('hex')
    .slice(0, 32);

const logged = (kind: ProviderKind, provider: Provider, deps: CallLogDeps): Provider => ({
  async send(message, settings) {
    const started = deps.now();
    const write = async (result: Pick<SendLogEntry, 'outcome' | 'providerMessageId' | 'error'>) => {
      const entry: SendLogEntry = {
        id: `${message.id}#${started.toISOString()}`,
        messageId: message.id,
        channel: message.channel,
        provider: kind,
        to: maskAddress(message.to),
        toHash: addressHash(message.channel, message.to),
        latencyMs: Math.max(0, deps.now().getTime() - started.getTime()),
        createdAt: started.toISOString(),
        outcome: result.outcome,
        ...(result.providerMessageId !== undefined ? { providerMessageId: result.providerMessageId } : {}),
        ...(result.error !== undefined ? { error: result.error } : {}),
        ...(message.sendTypeId ? { sendTypeId: message.sendTypeId } : {}),
        ...(message.institution ? { institution: message.institution } : {}),
        ...(message.requestNo ? { requestNo: message.requestNo } : {}),
        ...(message.sendId ? { sendId: message.sendId } : {}),
      };
      try {
        const accepted = result.outcome === 'ACCEPTED';
        const byAddress = MATCHED_BY_ADDRESS.has(kind) && message.foundByAddress === true;
        await deps.store.record(entry, { byProviderId: accepted && MATCHED_BY_PROVIDER_ID.has(kind) && !byAddress, carried: accepted && message.callCarried === true });
      } catch (error) {
        // The provider has answered; failing now would send the message again. The call is still in the function's log.
        deps.log.warn('send log entry not stored', { messageId: message.id, provider: kind, outcome: result.outcome, error: (error as Error).message });
      }
    };
    try {
      const accepted = await provider.send(message, settings);
      await write({ outcome: 'ACCEPTED', providerMessageId: accepted.providerMessageId });
      return accepted;
    } catch (error) {
      const final = isProviderError(error) && !error.retryable;
      await write({ outcome: final ? 'REJECTED' : 'FAILED', error: (error as Error).message.slice(0, 500) });
      throw error;
    }
  },
});

/** The channel's providers, each call logged. */
export const withCallLog = (providers: Providers, deps: CallLogDeps): Providers =>
  Object.fromEntries(Object.entries(providers).map(([kind, provider]) => [kind, logged(kind as ProviderKind, provider, deps)])) as Providers;
