import type { Suppression, SuppressionPort, SuppressedChannel } from '#core/suppression/suppression-port';

/** In-memory suppression list (the DynamoDB adapter is the suppression module's): first reason wins. */
export class FakeSuppression implements SuppressionPort {
  readonly entries = new Map<string, Suppression>();
  async suppress(entry: Suppression) {
    const key = `${entry.channel}#${entry.address}`;
    if (!this.entries.has(key)) this.entries.set(key, { ...entry });
  }
  async suppressedAmong(channel: SuppressedChannel, addresses: readonly string[]) {
    return new Map(addresses.flatMap((a) => {
      const found = this.entries.get(`${channel}#${a}`);
      return found ? [[a, found] as const] : [];
    }));
  }
}
