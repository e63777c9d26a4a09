import type { MessageRequest, SendRecord } from '#contracts/records';
import { RECIPIENT_IDENTITIES, identityValue, type RecipientIdentity } from '#core/messages/recipient-rules';

/**
 * One entry of the recipient index (the seed's MSG_SEND_RECORD_USER lookup): this identity was a
 * recipient of this request, in these send records. One small item per identity and request, written
 * by the split, so "what did we send to 138…" is one Query by the identity, never a scan.
 */
export interface RecipientIndexEntry {
  identity: RecipientIdentity;
  /** identityValue(): canonical mobile, lower-case e-mail, trimmed ids. */
  value: string;
  institution: string;
  requestNo: string;
  /** The request's createdAt: entries sort by it, newest first. */
  createdAt: string;
  sendIds: string[];
}

/** The entries of a split request: every identity of every recipient its records hold, with those records. */
export const recipientIndexEntries = (request: Pick<MessageRequest, 'institution' | 'requestNo' | 'createdAt'>, records: SendRecord[]): RecipientIndexEntry[] => {
  const byIdentity = new Map<string, RecipientIndexEntry>();
  for (const record of records) {
    for (const recipient of record.recipients) {
      for (const identity of RECIPIENT_IDENTITIES) {
        const value = identityValue(identity, recipient[identity]);
        if (!value) continue;
        const id = `${identity}#${value}`;
        const entry = byIdentity.get(id);
        if (!entry) {
          byIdentity.set(id, { identity, value, institution: request.institution, requestNo: request.requestNo, createdAt: request.createdAt, sendIds: [record.sendId] });
        } else if (!entry.sendIds.includes(record.sendId)) {
          entry.sendIds.push(record.sendId);
        }
      }
    }
  }
  return [...byIdentity.values()];
};
