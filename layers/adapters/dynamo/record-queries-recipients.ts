import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '#core/errors';
import { RECIPIENT_IDENTITIES, identityValue, type RecipientIdentity } from '#core/messages/recipient-rules';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { recipientIndexPartition, requestKey, requestOfRecipientIndexKey, sendKey } from './message-keys.ts';
import { fetchItems, timeRange, type RecordPage } from './record-queries.ts';

// Find by recipient (the seed's MSG_SEND_RECORD_USER lookup): requests and send records of one mobile,
// e-mail, userId or custNo, read from the recipient index (message-keys.ts) newest first, the items it
// names fetched by key (BatchGetItem) and the listing's other filters applied to them. Never a scan:
// the partition holds one person's messages, whatever the size of the requests they were part of.

export type RecipientFilter = Partial<Record<RecipientIdentity, string | undefined>>;

/** The one recipient identity a listing filters by, or undefined. Two at once is refused: the index answers one. */
export const recipientFilterOf = (f: RecipientFilter): { identity: RecipientIdentity; value: string } | undefined => {
  const given = RECIPIENT_IDENTITIES.filter((identity) => f[identity]?.trim());
  if (given.length > 1) {
    throw new DomainError('VALIDATION', `${given[1]}: 一次只能按一种接收人条件查询 (one of mobile, email, userId, custNo at a time)`, given[1]);
  }
  const identity = given[0];
  return identity ? { identity, value: identityValue(identity, f[identity]) } : undefined;
};

type Key = {
  pk: string;
  sk: string;
};

export interface RecipientQuery<T> {
  table: string;
  recipient: { identity: RecipientIdentity; value: string };
  range: { from?: string | undefined; to?: string | undefined };
  /** The items an index entry names (its request, or its send records), in the order to list them. */
  refs: (entry: { sk: string; sendIds: string[] }) => Key[];
  /** Cheap checks on the entry itself (institution, requestNo) before anything is fetched. */
  keep?: (entry: { institution: string; requestNo: string }) => boolean;
  /** The listing's other exact filters, on the fetched item. */
  matches: (item: Record<string, unknown>) => boolean;
  view: (item: Record<string, unknown>) => T;
  limit: number;
  cursor?: string | undefined;
}

const MAX_QUERIES_PER_PAGE = 20;

/**
 * Pages by index entry and, inside an entry, by the items it names: the cursor is the entry before
 * (DynamoDB's ExclusiveStartKey) and how many of the next entry's items were already answered.
 */
export const queryByRecipient = async <T>(doc: DynamoDBDocumentClient, q: RecipientQuery<T>): Promise<RecordPage<T>> => {
  const pk = recipientIndexPartition(q.recipient.identity, q.recipient.value);
  const decoded = decodeCursor(q.cursor) as { p?: unknown; s?: unknown; o?: unknown } | undefined;
  if (decoded && decoded.p !== pk) throw new DomainError('VALIDATION', 'cursor: 分页游标与查询条件不符 (cursor of another query)', 'cursor');
  let start = decoded?.s && typeof decoded.s === 'object' ? (decoded.s as Key) : undefined;
  let skip = Number(decoded?.o ?? 0) || 0;
  const sk = timeRange(q.range);
  const items: T[] = [];
  const cursorAt = (s: Key | undefined, o: number) => encodeCursor({ p: pk, ...(s ? { s } : {}), o });

  for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
    const page = await doc.send(
      new QueryCommand({
        TableName: q.table,
        KeyConditionExpression: `pk = :pk${sk && 'between' in sk ? ' AND sk BETWEEN :a AND :b' : ''}`,
        ExpressionAttributeValues: { ':pk': pk, ...(sk && 'between' in sk ? { ':a': sk.between[0], ':b': sk.between[1] } : {}) },
        ScanIndexForward: false,
        Limit: Math.min(100, Math.max(10, (q.limit - items.length) * 2)),
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    const entries = (page.Items ?? []).map((item) => ({
      key: { pk: String(item.pk), sk: String(item.sk) },
      ...requestOfRecipientIndexKey(String(item.sk)),
      sk: String(item.sk),
      sendIds: Array.isArray(item.sendIds) ? item.sendIds.map(String) : [],
    }));
    const refsOf = entries.map((entry) => (q.keep && !q.keep(entry) ? [] : q.refs(entry)));
    const fetched = new Map((await fetchItems(doc, q.table, refsOf.flat())).map((item) => [`${String(item.pk)}\u0000${String(item.sk)}`, item]));
    let previous = start;
    for (const [e, entry] of entries.entries()) {
      const refs = refsOf[e]!;
      for (let r = skip; r < refs.length; r++) {
        const item = fetched.get(`${refs[r]!.pk}\u0000${refs[r]!.sk}`);
        if (!item || !q.matches(item)) continue;
        items.push(q.view(item));
        if (items.length === q.limit) {
          const more = r + 1 < refs.length;
          const last = e === entries.length - 1 && !page.LastEvaluatedKey && !more;
          return { items, ...(last ? {} : { cursor: more ? cursorAt(previous, r + 1) : cursorAt(entry.key, 0) }) };
        }
      }
      skip = 0;
      previous = entry.key;
    }
    if (!page.LastEvaluatedKey) return { items };
    start = page.LastEvaluatedKey as unknown as Key;
  }
  return { items, cursor: cursorAt(start, 0) };
};

/** The request an index entry names. */
export const requestRef = (entry: { sk: string }): Key[] => {
  const { institution, requestNo } = requestOfRecipientIndexKey(entry.sk);
  return [requestKey(institution, requestNo)];
};

/** The send records an index entry names (the recipient's records of that request). */
export const sendRecordRefs = (entry: { sendIds: string[] }): Key[] => entry.sendIds.map(sendKey).filter((key): key is Key => key !== undefined);
