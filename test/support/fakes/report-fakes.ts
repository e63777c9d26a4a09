import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoredReport } from '#contracts/delivery-reports';
import type { MessageLookup, ReportStore } from '#core/reports/ingest-status-report';

/** A documented source payload from test/support/fixtures/reports/. */
export const reportFixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/reports/${name}`, import.meta.url)), 'utf8');
export const reportFixtureJson = (name: string): unknown => JSON.parse(reportFixture(name));

export class FakeReportStore implements ReportStore {
  readonly items = new Map<string, StoredReport>();
  async put(report: StoredReport) {
    if (!this.items.has(report.id)) this.items.set(report.id, structuredClone(report));
  }
}

export class FakeLookup implements MessageLookup {
  readonly ids = new Map<string, string>();
  /** The recipient index by mobile: send ids, newest first. */
  readonly byMobile = new Map<string, string[]>();
  async messageIdOf(source: string, providerMessageId: string) {
    return this.ids.get(`${source}#${providerMessageId}`);
  }
  async *sendIdsToMobile(mobile: string) {
    yield* this.byMobile.get(mobile) ?? [];
  }
}
