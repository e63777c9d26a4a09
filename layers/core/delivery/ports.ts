import type { ChannelKind } from '#contracts/config-common';
import type { InboxMessage, MessageRequest, Recipient, SendRecord } from '#contracts/records';
import type { RecipientIndexEntry } from './recipient-index.ts';

/** A pending item as the rescan sees it: its state and when it was last changed. */
export interface PendingRequest {
  institution: string;
  requestNo: string;
  status: MessageRequest['status'];
  greenLane: boolean;
  attempts: number;
  updatedAt: string;
}

export interface PendingSendRecord {
  sendId: string;
  channel: ChannelKind;
  greenLane: boolean;
  status: SendRecord['status'];
  sendCount: number;
  sendLimit: number;
  limitExempt?: boolean | undefined;
  nextAttemptAt?: string | undefined;
  updatedAt: string;
}

/** The request side of the pipeline (messages table in AWS). Every write is conditional on the status read. */
export interface RequestProcessingStore {
  find(institution: string, requestNo: string): Promise<MessageRequest | undefined>;
  /** Every recipient in request order (inline or from the chunk items). */
  recipients(request: MessageRequest): Promise<Recipient[]>;
  /**
   * Moves the request from `from` to `to` only if it is still in `from` and unchanged since
   * `updatedAt` was read; false when someone else moved it first. `nextCheckAt` keeps it in the
   * pending index (absent: removed from it).
   */
  transition(
    request: Pick<MessageRequest, 'institution' | 'requestNo' | 'status' | 'updatedAt'>,
    change: {
      to: MessageRequest['status'];
      at: string;
      nextCheckAt?: string | undefined;
      attempts?: number;
      interceptReason?: string;
      /** The outcome as the split sees it (kept if a roll-up already wrote one), or the record holding it. */
      outcome?: MessageRequest['outcome'];
      outcomeSendId?: string;
      cancelledBy?: string;
    },
  ): Promise<boolean>;
  /** Due items of one pending shard (next check ≤ now), oldest first. */
  pending(shard: number, now: Date, limit: number): Promise<PendingRequest[]>;
  /** Pushes the next check of a pending item later, if it did not change meanwhile. */
  postpone(item: PendingRequest, nextCheckAt: string): Promise<boolean>;
}

export interface SendRecordStore {
  /** Writes records that do not exist yet; existing ones (an earlier delivery wrote them) are kept. */
  createAll(records: SendRecord[]): Promise<void>;
  get(sendId: string): Promise<SendRecord | undefined>;
  /**
   * Replaces the record only if its status and updatedAt are still those of `expected`; false when
   * another consumer moved it first.
   */
  replace(next: SendRecord, expected: Pick<SendRecord, 'status' | 'updatedAt'>): Promise<boolean>;
  pending(shard: number, now: Date, limit: number): Promise<PendingSendRecord[]>;
  postpone(item: PendingSendRecord, nextCheckAt: string): Promise<boolean>;
}

/** The recipient index (recipient-index.ts). Idempotent: an entry's key is derived, a second write replaces it with the same. */
export interface RecipientIndexStore {
  putAll(entries: RecipientIndexEntry[]): Promise<void>;
}

export interface InboxStore {
  /** Idempotent: the keys are deterministic, so a second delivery overwrites nothing new. */
  putAll(messages: InboxMessage[]): Promise<void>;
}

/** Queue URLs of one channel's two lanes. */
export interface Lane {
  general: string;
  green: string;
}
export type ChannelLanes = Record<ChannelKind, Lane>;

export interface Log {
  info(message: string, detail: Record<string, unknown>): void;
  warn(message: string, detail: Record<string, unknown>): void;
}

export const PENDING_SHARDS = 8;

/**
 * Another consumer holds a fresh claim on the item (a duplicate delivery running at the same time).
 * Thrown, not answered, so the queue delivers this message again later: by then the claim has either
 * finished (the copy ends quietly) or gone stale (the copy takes over).
 */
export class ClaimHeldError extends Error {
  override readonly name = 'ClaimHeldError';
}
