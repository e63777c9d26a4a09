import * as z from 'zod/mini';
import { providerKind } from './config-platform.ts';

// The admin centre's provider page (服务商状态): each provider's breaker and recent error rate, and an
// operator's forced switch (SPEC §11).

export const providerStateView = z.object({
  provider: providerKind,
  phase: z.enum(['CLOSED', 'OPEN', 'HALF_OPEN']),
  since: z.string(),
  openUntil: z.optional(z.string()),
  forcedBy: z.optional(z.string()),
  reason: z.optional(z.string()),
  /** Calls and provider faults over the breaker's sliding window (the last minute). */
  windowCalls: z.int(),
  windowErrors: z.int(),
  errorRate: z.number().check(z.describe('0…1 over the window')),
});
export type ProviderStateView = z.infer<typeof providerStateView>;

export const providerSwitchBody = z.object({
  state: z.enum(['OPEN', 'CLOSED']).check(z.describe('OPEN: move traffic off the provider (not probed until closed); CLOSED: send through it again')),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200), z.describe('why: written to the switch log and the audit log')),
});
export const providerParams = z.object({ provider: providerKind });
