import type { CaptchaApply, CaptchaPointer, CaptchaRecord } from '#contracts/captcha';
import type { ApplyRef, CaptchaRef, CaptchaStore, PhoneScene } from '#core/captcha/captcha-port';

// Keyed like the DynamoDB adapter: every key starts with the institution.
const applyKey = (a: ApplyRef) => `${a.institution}#${a.reqId}`;
const recordKey = (r: CaptchaRef) => `${r.institution}#${r.captchaId}`;
const sceneKey = (s: PhoneScene) => `${s.institution}#${s.phone}#${s.bizCode}`;

/** The captcha table in memory, with the same keys and conditional semantics as the DynamoDB adapter. */
export class FakeCaptchaStore implements CaptchaStore {
  /** `<institution>#<reqId>` → apply request. */
  readonly applies = new Map<string, CaptchaApply>();
  /** `<institution>#<captchaId>` → record. */
  readonly records = new Map<string, CaptchaRecord>();
  /** `<institution>#<phone>#<bizCode>` → the newest code. */
  readonly pointers = new Map<string, CaptchaPointer>();
  /** `<institution>#<phone>#<bizCode>` → the cool-down. */
  readonly cooldowns = new Map<string, { captchaId: string; until: string }>();
  /** `<institution>#<phone>#<bizCode>#<day>` → the day's last sequence number. */
  readonly counters = new Map<string, number>();

  /** The record with this captchaId, whichever institution's it is (for assertions). */
  recordOf(captchaId: string): CaptchaRecord | undefined {
    return [...this.records.values()].find((record) => record.captchaId === captchaId);
  }

  async createApply(apply: CaptchaApply) {
    const existing = this.applies.get(applyKey(apply));
    if (existing) return { created: false as const, existing: structuredClone(existing) };
    this.applies.set(applyKey(apply), structuredClone(apply));
    return { created: true as const };
  }
  async finishApply(ref: ApplyRef, outcome: NonNullable<CaptchaApply['outcome']>, captchaId?: string) {
    const apply = this.applies.get(applyKey(ref));
    if (!apply || apply.outcome) throw new Error('ConditionalCheckFailed');
    this.applies.set(applyKey(ref), { ...apply, outcome, ...(captchaId ? { captchaId } : {}) });
  }
  async dropApply(ref: ApplyRef) {
    if (!this.applies.get(applyKey(ref))?.outcome) this.applies.delete(applyKey(ref));
  }
  async holdCooldown(scope: PhoneScene, captchaId: string, until: Date, now: Date) {
    const held = this.cooldowns.get(sceneKey(scope));
    if (held && held.until > now.toISOString()) return false;
    this.cooldowns.set(sceneKey(scope), { captchaId, until: until.toISOString() });
    return true;
  }
  async releaseCooldown(scope: PhoneScene, captchaId: string) {
    if (this.cooldowns.get(sceneKey(scope))?.captchaId === captchaId) this.cooldowns.delete(sceneKey(scope));
  }
  async nextSeq(scope: PhoneScene, day: string) {
    const key = `${sceneKey(scope)}#${day}`;
    const next = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, next);
    return next;
  }
  async putRecord(record: CaptchaRecord) {
    if (this.records.has(recordKey(record))) throw new Error('ConditionalCheckFailed');
    this.records.set(recordKey(record), structuredClone(record));
  }
  async getRecord(ref: CaptchaRef) {
    const record = this.records.get(recordKey(ref));
    return record ? structuredClone(record) : undefined;
  }
  async pointTo(pointer: CaptchaPointer) {
    const key = sceneKey(pointer);
    const current = this.pointers.get(key);
    if (current && current.day === pointer.day && current.seqNo >= pointer.seqNo) return false;
    if (current && current.day > pointer.day) return false;
    this.pointers.set(key, { ...pointer });
    return true;
  }
  async getPointer(scope: PhoneScene) {
    const pointer = this.pointers.get(sceneKey(scope));
    return pointer ? { ...pointer } : undefined;
  }
  async clearPointer(scope: PhoneScene, captchaId: string) {
    if (this.pointers.get(sceneKey(scope))?.captchaId === captchaId) this.pointers.delete(sceneKey(scope));
  }
  async transition(ref: CaptchaRef, from: CaptchaRecord['status'][], to: CaptchaRecord['status'], change: Parameters<CaptchaStore['transition']>[3], at: string) {
    const record = this.records.get(recordKey(ref));
    if (!record || !from.includes(record.status)) return false;
    const { dropSealedContent, ...fields } = change;
    const next: CaptchaRecord = { ...record, ...fields, status: to, updatedAt: at };
    if (dropSealedContent) delete next.sealedContent;
    this.records.set(recordKey(ref), next);
    return true;
  }
  async countWrongAttempt(ref: CaptchaRef, max: number, at: string) {
    const record = this.records.get(recordKey(ref));
    if (!record || record.attempts >= max || !['INIT', 'SUCCESS'].includes(record.status)) return undefined;
    this.records.set(recordKey(ref), { ...record, attempts: record.attempts + 1, updatedAt: at });
    return record.attempts + 1;
  }
  async markVerified(ref: CaptchaRef, max: number, at: string) {
    const record = this.records.get(recordKey(ref));
    if (!record || record.attempts >= max || !['INIT', 'SUCCESS'].includes(record.status)) return false;
    this.records.set(recordKey(ref), { ...record, status: 'VERIFIED', verifiedAt: at, updatedAt: at });
    return true;
  }
}
