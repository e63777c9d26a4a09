import { dayOfSendId, sendIdPrefixOf, shardOf } from '#core/delivery/ids';
import { DAY_KINDS, dayPartition, dayShards } from './day-partition.ts';

// Keys of the messages table's pipeline items (docs/ARCHITECTURE.md → messages), in one place because
// intake, split, send, status query and the admin listings all address the same items.

const dayOf = (iso: string) => iso.slice(0, 10);

/**
 * A request lives in its requestNo's partition, one item per institution: the key the intake's
 * conditional put makes idempotent, and requestNo alone finds every institution's request.
 */
export const requestKey = (institution: string, requestNo: string) => ({ pk: `REQ#${requestNo}`, sk: `META#${institution}` });
export const REQUEST_SK_PREFIX = 'META#';

/** Recipient chunks of a bulk request sit beside it, in request order. */
export const chunkKey = (institution: string, requestNo: string, chunk: number) => ({
  pk: `REQ#${requestNo}`,
  sk: `${chunkPrefix(institution)}${String(chunk).padStart(4, '0')}`,
});
export const chunkPrefix = (institution: string) => `USERS#${institution}#`;

/** A pending request's partition of the `pending` index: a few shards so the rescan never reads one hot key. */
export const requestPendingPartition = (institution: string, requestNo: string) => `REQ#${shardOf(`${institution}#${requestNo}`)}`;
/** A pending send record's partition of the `pending` index. */
export const sendPendingPartition = (sendId: string) => `SEND#${shardOf(sendId)}`;

/** The requests of a day, newest last, in the keys-only `day` index (one write unit per request), sharded. */
export const requestDayKeys = (request: { institution: string; requestNo: string; createdAt: string }) => ({
  daypk: dayPartition(DAY_KINDS.requestDay, dayOf(request.createdAt), `${request.institution}#${request.requestNo}`),
  daysk: `${request.createdAt}#${request.institution}#${request.requestNo}`,
});
/** Every shard of a day's `day` index entries (read them through queryPartitions, merged). */
export const requestDayShards = (day: string) => dayShards(DAY_KINDS.requestDay, day);
/** The institution a `day` index entry of a request belongs to (its sort key names it). */
export const institutionOfDayKey = (daysk: string): string => daysk.split('#')[1] ?? '';

/**
 * A send record lives in a shard of its request's day (day-partition.ts), sorted by its id (which starts with
 * the request's time): listing a day needs no index, and the id alone gives the key.
 */
export const sendKey = (sendId: string): { pk: string; sk: string } | undefined => {
  const day = dayOfSendId(sendId);
  return day ? { pk: dayPartition(DAY_KINDS.send, day, sendId), sk: sendId } : undefined;
};
/** Every shard of a day's send records. */
export const sendDayShards = (day: string) => dayShards(DAY_KINDS.send, day);
/**
 * Where a request's send records are: its day's shards (a bulk request's records spread over all of
 * them), sort keys starting with its id prefix.
 */
export const requestSendRecords = (request: { institution: string; requestNo: string; createdAt: string }) => ({
  ...sendDayShards(dayOf(request.createdAt)),
  prefix: sendIdPrefixOf(request),
});

/**
 * An OUTBOX entry lives in a shard of the day its message was created, sorted by that time:
 * both deterministic, so a redelivered message finds its entry instead of adding a second one.
 */
export const outboxKey = (createdAt: string, id: string) => ({ pk: dayPartition(DAY_KINDS.outbox, dayOf(createdAt), id), sk: `${createdAt}#${id}` });
/** Every shard of a day's OUTBOX entries. */
export const outboxDayShards = (day: string) => dayShards(DAY_KINDS.outbox, day);

/**
 * The recipient index: one item per identity (mobile M, e-mail E, userId U, custNo C; values as
 * identityValue() gives them) and request, in the identity's partition sorted by the request's time
 * (`<createdAt>#<institution>#<requestNo>`). Not day-keyed: a partition holds one person's messages.
 */
const IDENTITY_CODE = { mobile: 'M', email: 'E', userId: 'U', custNo: 'C' } as const;
export const recipientIndexPartition = (identity: keyof typeof IDENTITY_CODE, value: string) => `RCPT#${IDENTITY_CODE[identity]}#${value}`;
export const recipientIndexKey = (entry: { identity: keyof typeof IDENTITY_CODE; value: string; institution: string; requestNo: string; createdAt: string }) => ({
  pk: recipientIndexPartition(entry.identity, entry.value),
  sk: `${entry.createdAt}#${entry.institution}#${entry.requestNo}`,
});
/** The request a recipient index item names (institutions and requestNos hold no `#`). */
export const requestOfRecipientIndexKey = (sk: string): { createdAt: string; institution: string; requestNo: string } => {
  const [createdAt = '', institution = '', requestNo = ''] = sk.split('#');
  return { createdAt, institution, requestNo };
};
