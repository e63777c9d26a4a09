import type { DeliveryOutcome, SendRecord } from '#contracts/records';
import { combineOutcomes, isFinalOutcome } from './delivery-outcome.ts';
import type { RequestOutcomeRollUp } from './send-record.ts';

type RecordRef = Pick<SendRecord, 'institution' | 'requestNo' | 'sendId' | 'createdAt'>;

export interface RequestOutcomeStore {
  /** The stored outcome of every send record of the record's request. */
  recordOutcomes(record: RecordRef): Promise<DeliveryOutcome[]>;
  /** Sets the request's outcome when it differs (conditional; its processing status and updatedAt untouched). */
  setOutcome(record: RecordRef, outcome: DeliveryOutcome, at: string): Promise<void>;
}

/**
 * A request of several send records learns its outcome when one of them finishes: the records'
 * outcomes are read again (so two records finishing at once both see the other) and combined. Only
 * a final outcome is written; PENDING is what the split left, so a stale reader never undoes a final one.
 */
export const requestOutcomeRollUp = (store: RequestOutcomeStore, now: () => Date): RequestOutcomeRollUp => ({
  async rollUp(record) {
    const outcomes = await store.recordOutcomes(record);
    const outcome = combineOutcomes(outcomes);
    if (outcomes.length > 0 && isFinalOutcome(outcome)) await store.setOutcome(record, outcome, now().toISOString());
  },
});
