import type { ChannelKind } from '#contracts/config-common';
import type { ProviderKind } from '#contracts/config-platform';
import type { DeliveryOutcome, MessageRequest, SendRecipient, SendRecord } from '#contracts/records';
import { MAX_SPLIT_ATTEMPTS } from './timing.ts';

// The delivery outcome (SPEC §9): what happened to a request's messages after the providers, as one
// word beside its processing status. Recipients roll up into their send record, records into the
// request; the same rules everywhere (send consumer, report ingestion, status API, admin, dashboard).

/**
 * Whether a provider tells us later what became of an accepted message. Those that do leave the
 * recipient SENT (outcome PENDING) until a status report says DELIVERED or UNDELIVERED; for the
 * others acceptance is the last word, so the recipient is DELIVERED at once. The local OUTBOX
 * reports for SMS and e-mail (the demo loop); its push and MQ messages are "delivered" when stored.
 */
export const reportsDelivery = (provider: ProviderKind, channel: ChannelKind): boolean => {
  switch (provider) {
    case 'SNS_SMS':
    case 'HTTP_SMS':
    case 'SES':
      return true;
    case 'OUTBOX':
      return channel === 'SMS' || channel === 'EMAIL';
    case 'SNS_PUSH':
    case 'SQS':
      return false;
  }
};

type Tally = 'pending' | 'delivered' | 'failed' | 'skipped';

const tallyOf = (status: SendRecipient['status']): Tally => {
  switch (status) {
    case 'DELIVERED':
      return 'delivered';
    case 'SENT':
    case 'SUCCESS':
      return 'pending';
    case 'INTERCEPTED':
    case 'SUPPRESSED':
      return 'skipped';
    default:
      return 'failed';
  }
};

/**
 * Outcomes combined: anything still pending keeps the whole PENDING; recipients the platform chose
 * not to send to (intercepted, suppressed) count for neither side unless there is nothing else.
 */
export const combineOutcomes = (outcomes: readonly DeliveryOutcome[]): DeliveryOutcome => {
  if (outcomes.length === 0) return 'FAILED';
  if (outcomes.includes('PENDING')) return 'PENDING';
  const sent = outcomes.filter((o) => o !== 'INTERCEPTED');
  if (sent.length === 0) return 'INTERCEPTED';
  if (sent.every((o) => o === 'DELIVERED')) return 'DELIVERED';
  if (sent.every((o) => o === 'FAILED')) return 'FAILED';
  return 'PARTIAL';
};

const OUTCOME_OF_TALLY: Record<Tally, DeliveryOutcome> = { pending: 'PENDING', delivered: 'DELIVERED', failed: 'FAILED', skipped: 'INTERCEPTED' };

/** A send record still being worked on (queued, sending, retrying) is PENDING whatever its recipients say. */
export const recordOutcome = (record: Pick<SendRecord, 'status' | 'recipients'>): DeliveryOutcome => {
  if (record.status === 'UNSENT' || record.status === 'SENDING' || record.status === 'FAILED') {
    return record.recipients.every((r) => r.status === 'INTERCEPTED' || r.status === 'SUPPRESSED') ? 'INTERCEPTED' : 'PENDING';
  }
  return combineOutcomes(record.recipients.map((r) => OUTCOME_OF_TALLY[tallyOf(r.status)]));
};

export const isFinalOutcome = (outcome: DeliveryOutcome | undefined): boolean => outcome !== undefined && outcome !== 'PENDING';

/**
 * The request's outcome from its processing status and its records' outcomes: not split yet (or
 * retrying the split) is PENDING; a split that gave up, or that produced nothing to send, FAILED.
 */
export const requestOutcome = (
  request: Pick<MessageRequest, 'status' | 'attempts'>,
  recordOutcomes: readonly DeliveryOutcome[],
): DeliveryOutcome => {
  switch (request.status) {
    // Cancelled before its sendAt (scheduled sends): stopped before any customer, like an interception.
    case 'INTERCEPTED':
    case 'CANCELLED':
      return 'INTERCEPTED';
    case 'INIT':
    case 'PROCESSING':
      return 'PENDING';
    case 'FAILED':
      return request.attempts >= MAX_SPLIT_ATTEMPTS ? 'FAILED' : 'PENDING';
    case 'SUCCESS':
      return combineOutcomes(recordOutcomes);
  }
};
