import type { AuditEntry } from '#contracts/admin';
import type { CallbackBatch, CallbackConfigView, CallbackDeliveryView } from '#contracts/callbacks';

/** A stored callback configuration: the view plus the signing secret, sealed (never in the clear at rest). */
export interface StoredCallbackConfig extends CallbackConfigView {
  sealedSecret: string;
}

export interface CallbackConfigStore {
  get(institution: string): Promise<StoredCallbackConfig | undefined>;
  list(): Promise<StoredCallbackConfig[]>;
  /** Creates (expectedVersion undefined) or replaces that version, with its audit entry: both or neither. */
  put(item: StoredCallbackConfig, expectedVersion: number | undefined, audit: AuditEntry): Promise<void>;
}

/** Seals and opens signing secrets (AES-GCM under the stage's callback key, bound to the institution). */
export interface SecretSealer {
  seal(secret: string, institution: string): Promise<string>;
  open(sealed: string, institution: string): Promise<string>;
}

export interface CallbackDelivery extends CallbackDeliveryView {
  batch: CallbackBatch;
  enqueuedAt?: string | undefined;
}

export interface CallbackDeliveryStore {
  /** Stores a new delivery (PENDING); false when one with its id exists (the trigger ran before). */
  create(delivery: CallbackDelivery): Promise<boolean>;
  get(id: string): Promise<CallbackDelivery | undefined>;
  /** Replaces the delivery if it still has `expected`'s attempts and status; false when someone else moved it. */
  update(next: CallbackDelivery, expected: Pick<CallbackDelivery, 'attempts' | 'status'>): Promise<boolean>;
}

export interface CallbackQueue {
  enqueue(deliveryId: string): Promise<void>;
}

/** The HTTP POST to the caller's endpoint, with a short timeout; never throws for an answer, only for no answer. */
export type CallbackPost = (url: string, headers: Record<string, string>, body: string) => Promise<{ status: number; text: string }>;
