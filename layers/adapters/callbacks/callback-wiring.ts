import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { CallbackPost, CallbackQueue } from '#core/callbacks/ports';
import { callbackWhenRequestFinal } from '#core/callbacks/request-callback';
import { sqsPublisher } from '../sqs-publisher.ts';
import { cachedCallbackConfigs, createCallbackConfigStore } from './callback-config-store.ts';
import { createCallbackDeliveryStore, recordsOfRequest } from './callback-delivery-store.ts';

/** A caller's endpoint gets this long to answer; a slow one fails the attempt, never the sender. */
export const CALLBACK_TIMEOUT_MS = 5_000;

export const callbackQueue = (queueUrl: string): CallbackQueue => {
  const publisher = sqsPublisher();
  return { enqueue: (deliveryId) => publisher.send(queueUrl, { deliveryId }) };
};

export const httpPost: CallbackPost = async (url, headers, body) => {
  const response = await fetch(url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS) });
  return { status: response.status, text: await response.text().catch(() => '') };
};

/**
 * What the split and the senders call after their work: when the request's send records are all
 * final, its callback batch is enqueued (core/callbacks/request-callback.ts, the one trigger).
 */
export const callbackTrigger = (wiring: { doc: DynamoDBDocumentClient; tables: { config: string; messages: string }; queueUrl: string }) => {
  const deps = {
    configs: cachedCallbackConfigs(createCallbackConfigStore(wiring.doc, wiring.tables.config)),
    deliveries: createCallbackDeliveryStore(wiring.doc, wiring.tables.messages),
    queue: callbackQueue(wiring.queueUrl),
    recordsOfRequest: recordsOfRequest(wiring.doc, wiring.tables.messages),
    now: () => new Date(),
  };
  return (sendId: string) => callbackWhenRequestFinal(deps, sendId);
};

/** A send consumer's result after which the request may be finished: a final record, or a copy finding it done. */
export const mayFinishRequest = (result: { outcome: string; status?: string }): boolean =>
  result.outcome === 'done' || (result.outcome === 'sent' && (result.status === 'SUCCESS' || result.status === 'UNSENDABLE'));
