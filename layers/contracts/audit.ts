import * as z from 'zod/mini';
import { lazily } from './primitives.ts';

// The audit entry and the switch log: written by the config store and the senders' provider guard as
// well as by the admin API, so they sit apart from the admin contract (admin.ts re-exports them),
// and a function that only writes them does not build every admin schema at load. Both are built the
// first time they are asked for: every function with the config store writes audits, few read them.

export const adminRole = z.enum(['viewer', 'operator', 'admin']);
export type AdminRole = z.infer<typeof adminRole>;

/** One change or action, who and when, with the item before and after (audit table). */
export const auditEntry = lazily(() =>
  z.object({
    id: z.string(),
    at: z.string(),
    user: z.string(),
    role: adminRole,
    entity: z.string().check(z.describe('config entity name, or sendRecord / dlq for actions')),
    entityId: z.string(),
    /** readPii: a read that showed personal data (or a live code) in the clear; `after` says which fields, ids and filter. */
    action: z.enum(['create', 'update', 'delete', 'issueKey', 'revokeKey', 'rotateKey', 'resend', 'cancel', 'replay', 'readPii', 'switchProvider', 'lift', 'import', 'validate', 'confirm']),
    before: z.optional(z.unknown()),
    after: z.optional(z.unknown()),
  }),
);
export type AuditEntry = z.infer<ReturnType<typeof auditEntry>>;

/** BIZ_SEND_SWITCH_LOG 业务渠道切换记录: a dispatch method's send type changed, or a configuration switched on/off. */
export const switchLog = lazily(() =>
  z.object({
    id: z.string(),
    at: z.string(),
    user: z.string(),
    /** Absent on a PROVIDER switch (a provider's breaker, automatic or by an operator). */
    dispatchConfigId: z.optional(z.string()),
    dispatchMethodId: z.optional(z.string()),
    bizType: z.optional(z.string()),
    change: z.enum(['SEND_TYPE', 'ENABLED', 'DISABLED', 'PROVIDER']),
    fromSendTypeId: z.optional(z.string()),
    toSendTypeId: z.optional(z.string()),
    /** PROVIDER: the send type whose sending saw it, the provider whose breaker moved, traffic from → to, why. */
    sendTypeId: z.optional(z.string()),
    provider: z.optional(z.string()),
    fromProvider: z.optional(z.string()),
    toProvider: z.optional(z.string()),
    reason: z.optional(z.string().check(z.maxLength(500))),
  }),
);
export type SwitchLog = z.infer<ReturnType<typeof switchLog>>;
