import { signPayload } from './signature.ts';
import type { CallbackConfigStore, CallbackDelivery, CallbackDeliveryStore, CallbackPost, SecretSealer } from './ports.ts';

export interface DeliverCallbackDeps {
  configs: Pick<CallbackConfigStore, 'get'>;
  deliveries: CallbackDeliveryStore;
  sealer: SecretSealer;
  post: CallbackPost;
  now: () => Date;
  /** The queue's maxReceiveCount: the receive that fails at it is the last (SQS dead-letters the message). */
  maxAttempts: number;
}

export interface DeliveryAttempt {
  receiveCount: number;
  /** Sets when the message comes back (SQS ChangeMessageVisibility); best effort. */
  backOff: (seconds: number) => Promise<void>;
}

/** Thrown so the queue delivers the message again after the backoff (and dead-letters it after the limit). */
export class CallbackRetryError extends Error {
  override readonly name = 'CallbackRetryError';
}

const HISTORY_MAX = 10;
/** 10 s, 20 s, 40 s … capped at 15 minutes. */
export const callbackBackoffSeconds = (attempt: number): number => Math.min(900, 10 * 2 ** Math.max(0, attempt - 1));

export type DeliverOutcome = 'absent' | 'done' | 'busy' | 'delivered' | 'disabled' | 'retry' | 'dead';

/**
 * The callback consumer: POSTs one stored batch, signed (X-Hcmsg-Timestamp, X-Hcmsg-Signature: v1=
 * HMAC-SHA256 over `${timestamp}.${body}`), records the attempt (status code, error) and on failure
 * backs off by changing the message's visibility, dead-lettered after the queue's limit (the
 * delivery reads DEAD; an operator replays it). A DELIVERED batch is never POSTed again by a
 * redelivered message; the conditional update on attempts keeps two copies from posting at once.
 */
export const deliverCallback = async (deps: DeliverCallbackDeps, deliveryId: string, attempt: DeliveryAttempt): Promise<DeliverOutcome> => {
  const delivery = await deps.deliveries.get(deliveryId);
  if (!delivery) return 'absent';
  if (delivery.status === 'DELIVERED') return 'done';
  const at = deps.now();
  const config = await deps.configs.get(delivery.institution);
  const record = async (next: CallbackDelivery) => deps.deliveries.update(next, delivery);
  if (!config?.enabled) {
    await record({ ...delivery, status: 'DEAD', lastError: '回调已停用或删除 (callback disabled)', updatedAt: at.toISOString() });
    return 'disabled';
  }
  const body = JSON.stringify(delivery.batch);
  const timestamp = Math.floor(at.getTime() / 1000);
  const secret = await deps.sealer.open(config.sealedSecret, config.institution);
  let statusCode: number | undefined;
  let error: string | undefined;
  try {
    const answer = await deps.post(config.url, { 'content-type': 'application/json; charset=utf-8', 'x-hcmsg-timestamp': String(timestamp), 'x-hcmsg-signature': signPayload(secret, timestamp, body) }, body);
    statusCode = answer.status;
    if (answer.status < 200 || answer.status >= 300) error = `HTTP ${answer.status} ${answer.text.slice(0, 200)}`;
  } catch (e) {
    error = `${(e as Error).name}: ${(e as Error).message}`.slice(0, 300);
  }
  const attempts = delivery.attempts + 1;
  const done = deps.now().toISOString();
  const history = [...delivery.history, { at: done, ...(statusCode !== undefined ? { statusCode } : {}), ...(error ? { error } : {}) }].slice(-HISTORY_MAX);
  const base = { ...delivery, url: config.url, attempts, history, updatedAt: done, ...(statusCode !== undefined ? { lastStatusCode: statusCode } : {}) };
  if (!error) {
    const { lastError: _e, ...rest } = base;
    return (await record({ ...rest, status: 'DELIVERED', deliveredAt: done })) ? 'delivered' : 'busy';
  }
  const last = attempt.receiveCount >= deps.maxAttempts;
  if (!(await record({ ...base, status: last ? 'DEAD' : 'PENDING', lastError: error }))) return 'busy';
  if (last) throw new CallbackRetryError(`callback ${deliveryId} dead-lettered after ${attempts} attempts: ${error}`);
  await attempt.backOff(callbackBackoffSeconds(attempt.receiveCount));
  throw new CallbackRetryError(`callback ${deliveryId} attempt ${attempts} failed: ${error}`);
};
