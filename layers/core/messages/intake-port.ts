import type { MessageRequest, Recipient } from '#contracts/records';

export type CreateResult = { created: true } | { created: false; existing: MessageRequest };

/** Where accepted requests live (DynamoDB messages table in AWS; a fake in unit tests). */
export interface RequestIntakeStore {
  /**
   * Stores the request and all its recipients in one atomic step, only if its requestNo is new for
   * the institution; otherwise returns what is stored and writes nothing.
   */
  create(request: MessageRequest, recipients: Recipient[]): Promise<CreateResult>;
  find(institution: string, requestNo: string): Promise<MessageRequest | undefined>;
  /** Puts a request still INIT in the pending index, due at `nextCheckAt`, for the request rescan. */
  markPending(request: Pick<MessageRequest, 'institution' | 'requestNo'>, nextCheckAt: string): Promise<void>;
}

export interface WarnLog {
  warn(message: string, detail: Record<string, unknown>): void;
}
