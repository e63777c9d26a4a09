import { combineOutcomes, isFinalOutcome, recordOutcome } from '#core/delivery/delivery-outcome';
import type { CallbackBatch } from '#contracts/callbacks';
import type { SendRecord } from '#contracts/records';
import { maskAddress } from '#core/privacy/mask';
import type { CallbackConfigStore, CallbackDelivery, CallbackDeliveryStore, CallbackQueue } from './ports.ts';

export interface RequestCallbackDeps {
  configs: Pick<CallbackConfigStore, 'get'> & { anyEnabled?: () => Promise<boolean> };
  deliveries: CallbackDeliveryStore;
  queue: CallbackQueue;
  now: () => Date;
}

export interface FinalOutcome {
  institution: string;
  requestNo: string;
  outcome: string;
  recipients: CallbackBatch['recipients'];
}

/** Recipients per POST: a 10,000-recipient request is 50 batches, each well inside DynamoDB's 400 KB item. */
export const CALLBACK_BATCH_RECIPIENTS = 200;

/** One delivery per request and part: the id is derived, so a second trigger finds it. */
export const callbackDeliveryIdOf = (institution: string, requestNo: string, part: number): string => `${institution}#${requestNo}#${part}`;

/**
 * THE callback trigger: a request's outcome became final → its institution's callback URL (if one
 * is configured) gets the per-recipient outcomes, signed, in batches of CALLBACK_BATCH_RECIPIENTS
 * (one batch for most requests). Idempotent: each batch's conditional create admits one trigger; a
 * trigger that stored a batch but died before enqueuing it is finished by the next call. The POST is
 * the callback consumer's, on its own queue and function, so a slow endpoint never slows sending.
 */
export const enqueueRequestCallback = async (deps: RequestCallbackDeps, final: FinalOutcome): Promise<'none' | 'enqueued' | 'already'> => {
  const config = await deps.configs.get(final.institution);
  if (!config?.enabled) return 'none';
  const parts = Math.max(1, Math.ceil(final.recipients.length / CALLBACK_BATCH_RECIPIENTS));
  let enqueued = 0;
  for (let part = 1; part <= parts; part++) {
    const id = callbackDeliveryIdOf(final.institution, final.requestNo, part);
    const recipients = final.recipients.slice((part - 1) * CALLBACK_BATCH_RECIPIENTS, part * CALLBACK_BATCH_RECIPIENTS);
    const at = deps.now().toISOString();
    const fresh: CallbackDelivery = {
      id,
      institution: final.institution,
      requestNo: final.requestNo,
      outcome: final.outcome,
      recipientCount: recipients.length,
      url: config.url,
      status: 'PENDING',
      attempts: 0,
      history: [],
      createdAt: at,
      updatedAt: at,
      batch: { id, institution: final.institution, requestNo: final.requestNo, outcome: final.outcome, part, parts, recipients, createdAt: at },
    };
    const delivery = (await deps.deliveries.create(fresh)) ? fresh : await deps.deliveries.get(id);
    if (!delivery || delivery.enqueuedAt || delivery.attempts > 0) continue;
    await deps.queue.enqueue(id);
    await deps.deliveries.update({ ...delivery, enqueuedAt: deps.now().toISOString() }, delivery);
    enqueued++;
  }
  return enqueued > 0 ? 'enqueued' : 'already';
};

const FINAL_RECORD = new Set<SendRecord['status']>(['SUCCESS', 'UNSENDABLE', 'CANCELLED']);

const recipientsOf = (records: SendRecord[]): CallbackBatch['recipients'] =>
  records.flatMap((record) =>
    record.recipients.map((r) => ({
      sendId: record.sendId,
      channel: record.channel,
      index: r.index,
      to: maskAddress(r.to),
      ...(r.userId ? { userId: r.userId } : {}),
      status: r.status,
      ...(r.providerMessageId ? { providerMessageId: r.providerMessageId } : {}),
      ...(r.error ?? r.interceptReason ? { error: (r.error ?? r.interceptReason)! } : {}),
      ...(r.sentAt ? { at: r.sentAt } : {}),
    })),
  );

/**
 * Called after a send record reached a final state, after a split left nothing to send, and after a
 * status report changed a recipient: when every record's outcome is final, trigger (once).
 */
export const callbackWhenRequestFinal = async (
  deps: RequestCallbackDeps & {
    /** The request's send records; `statusOnly`: only sendId and status are read (the cheap check first). */
    recordsOfRequest: (sendId: string, options?: { statusOnly?: boolean }) => Promise<SendRecord[]>;
  },
  sendId: string,
): Promise<'none' | 'pending' | 'enqueued' | 'already'> => {
  // Most platforms configure few callbacks: the (cached) settings answer before any record is read.
  if (deps.configs.anyEnabled && !(await deps.configs.anyEnabled())) return 'none';
  const statuses = await deps.recordsOfRequest(sendId, { statusOnly: true });
  if (statuses.length === 0 || !statuses.every((r) => FINAL_RECORD.has(r.status))) return 'pending';
  const records = await deps.recordsOfRequest(sendId);
  const first = records[0];
  if (!first || !records.every((r) => FINAL_RECORD.has(r.status))) return 'pending';
  // Final means every recipient's outcome is known (DELIVERED / UNDELIVERED from a report, or a
  // provider without reports), not only every record's provider call (delivery-outcome.ts).
  const outcomes = records.map(recordOutcome);
  if (!outcomes.every(isFinalOutcome)) return 'pending';
  return enqueueRequestCallback(deps, { institution: first.institution, requestNo: first.requestNo, outcome: combineOutcomes(outcomes), recipients: recipientsOf(records) });
};
