import type { CaptchaApply, CaptchaPointer, CaptchaRecord } from '#contracts/captcha';
import type { CaptchaStore } from '#core/captcha/captcha-port';

/** The captcha table in memory, with the same conditional semantics as the DynamoDB adapter. */
export class FakeCaptchaStore implements CaptchaStore {
  readonly applies = new Map<string, CaptchaApply>();
  readonly records = new Map<string, CaptchaRecord>();
  readonly pointers = new Map<string, CaptchaPointer>();
  readonly cooldowns = new Map<string, { captchaId: string; until: string }>();
  readonly counters = new Map<string, number>();

  async createApply(apply: CaptchaApply) {
    const existing = this.applies.get(apply.reqId);
    if (existing) return { created: false as const, existing: structuredClone(existing) };
    this.applies.set(apply.reqId, structuredClone(apply));
    return { created: true as const };
  }
  async finishApply(reqId: string, outcome: NonNullable<CaptchaApply['outcome']>, captchaId?: string) {
    const apply = this.applies.get(reqId);
    if (!apply || apply.outcome) throw new Error('ConditionalCheckFailed');
    this.applies.set(reqId, { ...apply, outcome, ...(captchaId ? { captchaId } : {}) });
  }
  async dropApply(reqId: string) {
    if (!this.applies.get(reqId)?.outcome) this.applies.delete(reqId);
  }
  async holdCooldown(phone: string, bizCode: string, captchaId: string, until: Date, now: Date) {
    const held = this.cooldowns.get(`${phone}#${bizCode}`);
    if (held && held.until > now.toISOString()) return false;
    this.cooldowns.set(`${phone}#${bizCode}`, { captchaId, until: until.toISOString() });
    return true;
  }
  async releaseCooldown(phone: string, bizCode: string, captchaId: string) {
    if (this.cooldowns.get(`${phone}#${bizCode}`)?.captchaId === captchaId) this.cooldowns.delete(`${phone}#${bizCode}`);
  }
  async nextSeq(phone: string, bizCode: string, day: string) {
    const key = `${phone}#${bizCode}#${day}`;
    const next = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, next);
    return next;
  }
  async putRecord(record: CaptchaRecord) {
    if (this.records.has(record.captchaId)) throw new Error('ConditionalCheckFailed');
    this.records.set(record.captchaId, structuredClone(record));
  }
  async getRecord(captchaId: string) {
    const record = this.records.get(captchaId);
    return record ? structuredClone(record) : undefined;
  }
  async pointTo(pointer: CaptchaPointer) {
    const key = `${pointer.phone}#${pointer.bizCode}`;
    const current = this.pointers.get(key);
    if (current && current.day === pointer.day && current.seqNo >= pointer.seqNo) return false;
    if (current && current.day > pointer.day) return false;
    this.pointers.set(key, { ...pointer });
    return true;
  }
  async getPointer(phone: string, bizCode: string) {
    const pointer = this.pointers.get(`${phone}#${bizCode}`);
    return pointer ? { ...pointer } : undefined;
  }
  async clearPointer(phone: string, bizCode: string, captchaId: string) {
    if (this.pointers.get(`${phone}#${bizCode}`)?.captchaId === captchaId) this.pointers.delete(`${phone}#${bizCode}`);
  }
  async transition(captchaId: string, from: CaptchaRecord['status'][], to: CaptchaRecord['status'], change: Parameters<CaptchaStore['transition']>[3], at: string) {
    const record = this.records.get(captchaId);
    if (!record || !from.includes(record.status)) return false;
    const { dropSealedContent, ...fields } = change;
    const next: CaptchaRecord = { ...record, ...fields, status: to, updatedAt: at };
    if (dropSealedContent) delete next.sealedContent;
    this.records.set(captchaId, next);
    return true;
  }
  async countWrongAttempt(captchaId: string, max: number, at: string) {
    const record = this.records.get(captchaId);
    if (!record || record.attempts >= max || !['INIT', 'SUCCESS'].includes(record.status)) return undefined;
    this.records.set(captchaId, { ...record, attempts: record.attempts + 1, updatedAt: at });
    return record.attempts + 1;
  }
  async markVerified(captchaId: string, max: number, at: string) {
    const record = this.records.get(captchaId);
    if (!record || record.attempts >= max || !['INIT', 'SUCCESS'].includes(record.status)) return false;
    this.records.set(captchaId, { ...record, status: 'VERIFIED', verifiedAt: at, updatedAt: at });
    return true;
  }
}
