import type { StatusReport } from '#contracts/delivery-reports';
import type { ConfigReader } from '#core/config-port';
import type { Log } from '#core/delivery/ports';
import { normaliseEmail, normaliseMobile } from '#core/interception/normalise';
import { readParameter } from '#core/parameters';
import type { Provider, Providers } from '#core/providers';
import type { QueuePublisher } from '#core/queue-port';

// The OUTBOX stands in for a gateway that sends receipts: each SMS or e-mail it stores is followed,
// a little later, by a status report on the statusReports queue, the same path AWS's and the
// gateway's reports take. DELIVERED, or UNDELIVERED for the test addresses of the parameter
// OUTBOX_UNDELIVERED_ADDRESSES (README → demo).

export interface OutboxReportDeps {
  queue: QueuePublisher;
  queueUrl: string;
  config: ConfigReader;
  now: () => Date;
  log: Log;
  /** How long after the send the receipt arrives. */
  delaySeconds?: number;
}

const comparable = (address: string) => (address.includes('@') ? normaliseEmail(address) : normaliseMobile(address));

const reporting = (outbox: Provider, deps: OutboxReportDeps): Provider => ({
  async send(message, settings) {
    const accepted = await outbox.send(message, settings);
    if (message.channel !== 'SMS' && message.channel !== 'EMAIL') return accepted;
    try {
      const failing = (await readParameter(deps.config, 'OUTBOX_UNDELIVERED_ADDRESSES')).map(comparable);
      const undelivered = failing.includes(comparable(message.to));
      const report: StatusReport = {
        kind: 'report',
        source: 'OUTBOX',
        eventId: accepted.providerMessageId,
        eventAt: deps.now().toISOString(),
        status: undelivered ? 'UNDELIVERED' : 'DELIVERED',
        providerMessageId: accepted.providerMessageId,
        address: message.to,
        detail: undelivered ? 'OUTBOX: 测试地址模拟未送达 (test address: simulated failure)' : 'OUTBOX: 模拟送达 (simulated delivery)',
      };
      await deps.queue.send(deps.queueUrl, report, { delaySeconds: deps.delaySeconds ?? 2 });
    } catch (error) {
      // Stored is stored: a lost simulated receipt leaves the recipient SENT, it does not resend.
      deps.log.warn('OUTBOX receipt not enqueued', { messageId: message.id, error: (error as Error).message });
    }
    return accepted;
  },
});

/** The channel's providers with the OUTBOX's receipts switched on. */
export const withOutboxReports = (providers: Providers, deps: OutboxReportDeps): Providers =>
  providers.OUTBOX ? { ...providers, OUTBOX: reporting(providers.OUTBOX, deps) } : providers;
