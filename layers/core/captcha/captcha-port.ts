import type { CaptchaApply, CaptchaPointer, CaptchaRecord, CaptchaStatus } from '#contracts/captcha';

/**
 * Institutions share phones, never codes: a phone's scene is counted, cooled down and pointed at its
 * newest code per institution, so one system's sends cannot refuse, renumber or invalidate another's.
 */
export interface PhoneScene {
  institution: string;
  phone: string;
  bizCode: string;
}

/** A code is addressed by its institution and id: another institution's captchaId finds nothing. */
export interface CaptchaRef {
  institution: string;
  captchaId: string;
}

/** reqIds are unique per institution: two systems that pick the same reqId make two requests. */
export interface ApplyRef {
  institution: string;
  reqId: string;
}

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
 * concurrent sends, verifies and redelivered queue messages cannot step on each other. Every key
 * carries the institution (a record, a pointer and an apply request hold theirs, so they serve as
 * the scope or reference themselves).
 */
export interface CaptchaStore {
  /** Stores the apply request only if its reqId is new for its institution; else returns the stored one. */
  createApply(apply: CaptchaApply): Promise<ApplyCreate>;
  finishApply(apply: ApplyRef, outcome: NonNullable<CaptchaApply['outcome']>, captchaId?: string): Promise<void>;
  /** Forgets an apply request that has no outcome (an unexpected failure), so the caller may retry it. */
  dropApply(apply: ApplyRef): Promise<void>;
  /** Takes the resend cool-down of the phone's scene until `until`; false while another send holds it. */
  holdCooldown(scope: PhoneScene, captchaId: string, until: Date, now: Date): Promise<boolean>;
  /** Gives the cool-down back (only if `captchaId` still holds it): a refused or failed send does not count. */
  releaseCooldown(scope: PhoneScene, captchaId: string): Promise<void>;
  /** Atomically adds 1 to the phone's counter for the scene and day and returns the new value. */
  nextSeq(scope: PhoneScene, day: string, expiresAt: number): Promise<number>;
  putRecord(record: CaptchaRecord, expiresAt: number): Promise<void>;
  getRecord(ref: CaptchaRef): Promise<CaptchaRecord | undefined>;
  /** Points the phone's scene at this code unless a newer sequence number already took it. */
  pointTo(pointer: CaptchaPointer, expiresAt: number): Promise<boolean>;
  getPointer(scope: PhoneScene): Promise<CaptchaPointer | undefined>;
  /** Removes the pointer only if it still points at `captchaId`. */
  clearPointer(scope: PhoneScene, captchaId: string): Promise<void>;
  /** Moves the record from one of `from` to `to`; false if it was in another state. */
  transition(ref: CaptchaRef, from: CaptchaStatus[], to: CaptchaStatus, change: CaptchaChange, at: string): Promise<boolean>;
  /** Counts one wrong attempt while the code is live and under `max`; the new count, or undefined if refused. */
  countWrongAttempt(ref: CaptchaRef, max: number, at: string): Promise<number | undefined>;
  /** Marks the code VERIFIED while it is live and under `max` wrong attempts: single use. */
  markVerified(ref: CaptchaRef, max: number, at: string): Promise<boolean>;
}

/** The HMAC key (Secrets Manager in AWS), fetched once per container. */
export type KeySource = () => Promise<Buffer>;
