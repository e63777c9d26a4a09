import type { CaptchaApply, CaptchaPointer, CaptchaRecord, CaptchaStatus } from '#contracts/captcha';

export type ApplyCreate = { created: true } | { created: false; existing: CaptchaApply };

/** Fields a state change may set alongside the status. */
export interface CaptchaChange {
  sentAt?: string;
  verifiedAt?: string;
  providerMessageId?: string;
  error?: string;
  /** Drop the sealed SMS text: it is only kept until delivery. */
  dropSealedContent?: boolean;
}

/**
 * The captcha table (DynamoDB in AWS, a fake in unit tests). Every change is conditional, so
 * concurrent sends, verifies and redelivered queue messages cannot step on each other.
 */
export interface CaptchaStore {
  /** Stores the apply request only if its reqId is new; else returns the stored one. */
  createApply(apply: CaptchaApply): Promise<ApplyCreate>;
  finishApply(reqId: string, outcome: NonNullable<CaptchaApply['outcome']>, captchaId?: string): Promise<void>;
  /** Forgets an apply request that has no outcome (an unexpected failure), so the caller may retry it. */
  dropApply(reqId: string): Promise<void>;
  /** Takes the resend cool-down of a phone and scene until `until`; false while another holds it. */
  holdCooldown(phone: string, bizCode: string, captchaId: string, until: Date, now: Date): Promise<boolean>;
  /** Gives the cool-down back (only if `captchaId` still holds it): a refused or failed send does not count. */
  releaseCooldown(phone: string, bizCode: string, captchaId: string): Promise<void>;
  /** Atomically adds 1 to the phone's counter for the scene and day and returns the new value. */
  nextSeq(phone: string, bizCode: string, day: string, expiresAt: number): Promise<number>;
  putRecord(record: CaptchaRecord, expiresAt: number): Promise<void>;
  getRecord(captchaId: string): Promise<CaptchaRecord | undefined>;
  /** Points the phone and scene at this code unless a newer sequence number already took it. */
  pointTo(pointer: CaptchaPointer, expiresAt: number): Promise<boolean>;
  getPointer(phone: string, bizCode: string): Promise<CaptchaPointer | undefined>;
  /** Removes the pointer only if it still points at `captchaId`. */
  clearPointer(phone: string, bizCode: string, captchaId: string): Promise<void>;
  /** Moves the record from one of `from` to `to`; false if it was in another state. */
  transition(captchaId: string, from: CaptchaStatus[], to: CaptchaStatus, change: CaptchaChange, at: string): Promise<boolean>;
  /** Counts one wrong attempt while the code is live and under `max`; the new count, or undefined if refused. */
  countWrongAttempt(captchaId: string, max: number, at: string): Promise<number | undefined>;
  /** Marks the code VERIFIED while it is live and under `max` wrong attempts: single use. */
  markVerified(captchaId: string, max: number, at: string): Promise<boolean>;
}

/** The HMAC key (Secrets Manager in AWS), fetched once per container. */
export type KeySource = () => Promise<Buffer>;
