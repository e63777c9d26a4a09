import { describe, expect, it } from 'vitest';
import type { SendRecord } from '#contracts/records';
import { issueKey, revokeKey, rotateKey } from '#core/admin/api-keys';
import { cancelSendRecord, resendSendRecord } from '#core/admin/send-record-actions';
import { isDomainError } from '#core/errors';
import { fakeAdminDeps } from '../../support/fakes/admin-config-fake.ts';
import { sampleSendRecord } from '../../support/fakes/admin-records-seed.ts';

const operator = { username: 'op', role: 'operator' as const };
const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'ok', (e: unknown) => (isDomainError(e) ? e.code : String(e)));

const recordsFake = (records: SendRecord[], options: { raceOn?: string } = {}) => {
  const byId = new Map(records.map((r) => [r.sendId, r]));
  return {
    byId,
    get: async (sendId: string) => byId.get(sendId),
    replace: async (next: SendRecord, expected: Pick<SendRecord, 'status' | 'updatedAt'>) => {
      const current = byId.get(next.sendId);
      if (options.raceOn === next.sendId || !current || current.status !== expected.status || current.updatedAt !== expected.updatedAt) return false;
      byId.set(next.sendId, next);
      return true;
    },
  };
};

const actionDeps = (records: ReturnType<typeof recordsFake>) => {
  const sent: [string, unknown][] = [];
  const base = fakeAdminDeps();
  const lane = (c: string) => ({ general: `${c}-general`, green: `${c}-green` });
  return {
    sent,
    audits: base.audits,
    deps: {
      sendRecords: records,
      queue: { send: async (url: string, message: unknown) => void sent.push([url, message]), sendMany: async () => undefined },
      lanes: { SMS: lane('sms'), EMAIL: lane('email'), PUSH: lane('push'), MQ: lane('mq') },
      audit: base.audit,
      now: base.now,
      newId: base.newId,
    },
  };
};

describe('operator actions', () => {
  const at = '2026-03-01T07:00:00.000Z';
  it('resend: FAILED/UNSENDABLE or stuck only; a record moved meanwhile is a conflict, nothing enqueued', async () => {
    // The fake clock reads 08:00.
    const records = recordsFake([
      sampleSendRecord({ sendId: 'F', institution: 'A', requestNo: 'R', createdAt: at, status: 'FAILED', sendCount: 3, channel: 'PUSH', greenLane: true, recipients: [{ index: 0, to: '13800000000', mobile: '13800000000', status: 'FAILED' }] }),
      sampleSendRecord({ sendId: 'S', institution: 'A', requestNo: 'R', createdAt: at, status: 'SENDING', updatedAt: '2026-03-01T07:56:00.000Z', recipients: [{ index: 0, to: '13800000000', mobile: '13800000000', status: 'SENDING' }] }),
      sampleSendRecord({ sendId: 'U', institution: 'A', requestNo: 'R', createdAt: at, status: 'UNSENT', updatedAt: '2026-03-01T07:57:00.000Z', recipients: [{ index: 0, to: '13800000000', mobile: '13800000000', status: 'UNSENT' }] }),
      sampleSendRecord({ sendId: 'X', institution: 'A', requestNo: 'R', createdAt: at, status: 'UNSENDABLE', recipients: [{ index: 0, to: '13800000000', mobile: '13800000000', status: 'UNSENDABLE' }] }),
    ], { raceOn: 'X' });
    const { deps, sent, audits } = actionDeps(records);
    expect(await resendSendRecord(deps, operator, 'F')).toEqual({ sendId: 'F', status: 'UNSENT' });
    expect(sent).toEqual([['push-green', { kind: 'send', sendId: 'F' }]]);
    expect(records.byId.get('F')).toMatchObject({ status: 'UNSENT', sendCount: 0, updatedAt: '2026-03-01T08:00:00.000Z' });
    // A claim 4 minutes old may still be a live consumer; a queued record 3 minutes old may still be in its queue.
    expect(await codeOf(resendSendRecord(deps, operator, 'S'))).toBe('INVALID_STATE');
    expect(await codeOf(resendSendRecord(deps, operator, 'U'))).toBe('INVALID_STATE');
    expect(await codeOf(resendSendRecord(deps, operator, 'X'))).toBe('INVALID_STATE');
    expect(sent).toHaveLength(1);
    expect(audits.map((a) => a.action)).toEqual(['resend']);
  });

  it('resend: a record stuck in SENDING (stale claim) or UNSENT (no queue message) past the grace period goes out again', async () => {
    const records = recordsFake([
      sampleSendRecord({ sendId: 'S', institution: 'A', requestNo: 'R', createdAt: at, status: 'SENDING', sendCount: 1, updatedAt: '2026-03-01T07:54:00.000Z', recipients: [{ index: 0, to: '13800000000', mobile: '13800000000', status: 'SENDING' }] }),
      sampleSendRecord({ sendId: 'U', institution: 'A', requestNo: 'R', createdAt: at, status: 'UNSENT', updatedAt: '2026-03-01T07:55:00.000Z', recipients: [{ index: 0, to: '13800000000', mobile: '13800000000', status: 'UNSENT' }] }),
    ]);
    const { deps, sent } = actionDeps(records);
    expect(await resendSendRecord(deps, operator, 'S')).toEqual({ sendId: 'S', status: 'UNSENT' });
    expect(await resendSendRecord(deps, operator, 'U')).toEqual({ sendId: 'U', status: 'UNSENT' });
    expect(sent.map(([, m]) => m)).toEqual([{ kind: 'send', sendId: 'S' }, { kind: 'send', sendId: 'U' }]);
    expect(records.byId.get('S')).toMatchObject({ status: 'UNSENT', sendCount: 0, nextAttemptAt: '2026-03-01T08:00:00.000Z' });
  });

  it('cancel: UNSENT only; held and waiting recipients cancelled, sent ones kept', async () => {
    const records = recordsFake([
      sampleSendRecord({
        sendId: 'U', institution: 'A', requestNo: 'R', createdAt: at, status: 'UNSENT',
        recipients: [{ index: 0, to: 'a', status: 'HELD' }, { index: 1, to: 'b', status: 'SUCCESS' }, { index: 2, to: 'c', status: 'UNSENT' }],
      }),
    ]);
    const { deps } = actionDeps(records);
    await cancelSendRecord(deps, operator, 'U');
    expect(records.byId.get('U')!.recipients.map((r) => r.status)).toEqual(['CANCELLED', 'SUCCESS', 'CANCELLED']);
    expect(await codeOf(cancelSendRecord(deps, operator, 'U'))).toBe('INVALID_STATE');
    expect(await codeOf(cancelSendRecord(deps, operator, 'NONE'))).toBe('NOT_FOUND');
  });

  it('keys: rotation never extends an earlier expiry; a revoked key cannot be rotated', async () => {
    const deps = { ...fakeAdminDeps(), randomSecret: () => `secret${Math.random().toString(36).slice(2)}`, hashKey: (k: string) => k.padEnd(64, '0').slice(0, 64) };
    await deps.config.put('institution', { code: 'CRM', name: 'crm', enabled: true }, { by: 't' });
    const first = await issueKey(deps, operator, 'CRM');
    expect(first.key.startsWith('crm_secret')).toBe(true);
    const rotated = await rotateKey(deps, operator, { institution: 'CRM', keyHash: first.keyHash, overlapHours: 48 });
    expect(rotated.previous.expiresAt).toBe('2026-03-03T08:00:00.000Z');
    const again = await rotateKey(deps, operator, { institution: 'CRM', keyHash: first.keyHash, overlapHours: 72 });
    expect(again.previous.expiresAt).toBe('2026-03-03T08:00:00.000Z');
    await revokeKey(deps, operator, 'CRM', rotated.keyHash);
    expect(await codeOf(rotateKey(deps, operator, { institution: 'CRM', keyHash: rotated.keyHash, overlapHours: 1 }))).toBe('INVALID_STATE');
    expect(await codeOf(revokeKey(deps, operator, 'OTHER', first.keyHash))).toBe('NOT_FOUND');
  });
});
