import type { SuppressedChannel, Suppression, SuppressionPort } from '#core/suppression/suppression-port';

/** The suppression port in memory: first suppression of an address wins, as the DynamoDB adapter's conditional put. */
export class FakeSuppressions implements SuppressionPort {
  readonly entries = new Map<string, Suppression>();
  async suppress(entry: Suppression): Promise<void> {
    const key = `${entry.channel}#${entry.address}`;
    if (!this.entries.has(key)) this.entries.set(key, entry);
  }
  async suppressedAmong(channel: SuppressedChannel, addresses: readonly string[]): Promise<Map<string, Suppression>> {
    const found = new Map<string, Suppression>();
    for (const address of addresses) {
      const hit = this.entries.get(`${channel}#${address}`);
      if (hit) found.set(address, hit);
    }
    return found;
  }
}
