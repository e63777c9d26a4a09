import type { SendRecipient, SendRecord } from '#contracts/records';
import { identityValue, normaliseMobile } from '#core/messages/recipient-rules';
import { timeOfSendId } from './ids.ts';

// An SNS SMS delivery report names the destination number and SNS's message id, never ours. Rather
// than a lookup item per message (SNS's id → ours: a write unit on every SMS), such a report finds
// its record through the recipient index the split already wrote for that mobile: among the records
// of the requests made for that number in the days before the report, the recipient holding that
// provider id (core/reports/ingest-status-report.ts). That reaches an SMS sent to the recipient's own
// mobile within a day of its request; any other SMS keeps its lookup item.

/**
 * A message sent this long after its request was made keeps its lookup item: the index is keyed by
 * the request's time (the start of its send id), which for a scheduled send or a late retry may be
 * days before the report.
 */
export const ADDRESS_MATCH_SEND_MS = 86_400_000;
/** How long before a report its request may have been made: a day to send, SNS's 72 hours of retries. */
export const ADDRESS_MATCH_LOOKBACK_MS = 4 * 86_400_000;

/** Whether this SMS's report will find its record by the destination number (no lookup item needed). */
export const foundByAddress = (record: Pick<SendRecord, 'channel' | 'sendId'>, r: Pick<SendRecipient, 'mobile' | 'to'>, now: Date): boolean => {
  if (record.channel !== 'SMS') return false;
  const mobile = identityValue('mobile', r.mobile);
  // An id of another shape (NaN) keeps the lookup.
  return mobile !== '' && mobile === normaliseMobile(r.to) && now.getTime() - timeOfSendId(record.sendId) < ADDRESS_MATCH_SEND_MS;
};
