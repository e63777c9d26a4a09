import type { FileJob, RawRow, RowError } from '#contracts/file-jobs';
import { sendMessageBody, type SendMessageBody } from '#contracts/send-message';
import type { ConfigReader } from '#core/config-port';
import { isDomainError } from '#core/errors';
import { decideDispatch } from '#core/messages/decide-dispatch';
import { checkAttachments, type AttachmentLookup } from './attachments.ts';
import { COLUMNS } from './columns.ts';
import { rowMessage } from './row-message.ts';

// A row is checked with the API's own rules and messages: the sendMessage schema, then intake's
// configuration checks (business type, channel, dispatch, the recipient rules), then attachments.
// Each message is the API's, prefixed with the row and the column it is about.

const RECIPIENT = new Set(['userId', 'mobile', 'email', 'custNo', 'custType', 'custName', 'certNo', 'deviceNo', 'custTag']);

/** 2024-05-01T08:00:00.000Z → 2024-05-01 08:00:00 (the API's requestTime format). */
const requestTimeOf = (iso: string) => iso.slice(0, 19).replace('T', ' ');

const pick = (cells: Record<string, string>, keys: Iterable<string>) =>
  Object.fromEntries([...keys].flatMap((key) => (cells[key]?.trim() ? [[key, cells[key].trim()]] : [])));

/** The sendMessage body an import row stands for; requestNo is the import's batch and the row, so a re-run is a replay. */
export const importRowBody = (job: FileJob, row: RawRow): Record<string, unknown> => {
  const fields = pick(row.cells, COLUMNS.IMPORT.map((c) => c.key).filter((k) => !RECIPIENT.has(k)));
  return {
    bizContent: '{}',
    ...fields,
    requestNo: `${job.id}-${row.rowNo}`,
    pushType: 'SINGLE_ACCOUNT',
    requestTime: requestTimeOf(job.createdAt),
    requestIp: 'admin-import',
    userIds: [pick(row.cells, RECIPIENT)],
  };
};

/** One line of a recipient file, as the single recipient of the file request's message. */
export const fileLineBody = (job: FileJob, row: RawRow, requestNo: string): Record<string, unknown> => ({
  ...job.message,
  requestNo,
  userIds: [pick(row.cells, RECIPIENT)],
});

/** `userIds[0].mobile` or ['userIds', 0, 'mobile'] → mobile: the column a field comes from. */
const columnOf = (field: string | undefined) => {
  const parts = (field ?? '').split(/[.[\]]+/).filter((p) => p && !/^\d+$/.test(p) && p !== 'body');
  return parts.at(-1) ?? '*';
};


export interface RowCheckDeps {
  config: ConfigReader;
  attachments: AttachmentLookup;
}

export type RowVerdict = { ok: true; body: SendMessageBody } | { ok: false; errors: RowError[] };

/** Every schema problem of the row at once; the configuration checks stop at the first, as the API does. */
export const checkRow = async (deps: RowCheckDeps, rowNo: number, raw: Record<string, unknown>, earlier: RowError[] = []): Promise<RowVerdict> => {
  if (earlier.length > 0) return { ok: false, errors: earlier };
  const parsed = sendMessageBody().safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((issue) => rowMessage(rowNo, columnOf(issue.path.map(String).join('.')), issue.message)) };
  }
  try {
    await checkAttachments(deps.attachments, parsed.data.institution, parsed.data.enclosureInfo);
    await decideDispatch(deps.config, parsed.data);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    const column = columnOf(error.field);
    // The API's message leads with the field path; the row's message names the column instead.
    const text = error.message.replace(/^[\w.[\]+]+: /, '');
    return { ok: false, errors: [rowMessage(rowNo, column, text)] };
  }
  return { ok: true, body: parsed.data };
};
