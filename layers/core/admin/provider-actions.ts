import type { ProviderStateView } from '#contracts/admin-providers';
import { providerKind, type ProviderKind } from '#contracts/config-platform';
import type { ProviderGuard } from '#core/failover/provider-guard';
import type { BreakerState } from '#core/failover/ports';
import { auditOf, type Actor, type AuditLog } from './ports.ts';

// 服务商状态: every provider's breaker with its recent error rate; an operator's forced switch is
// written to the switch log (by the guard) and to the audit log.

export interface ProviderActionDeps {
  guard: Pick<ProviderGuard, 'status' | 'force'>;
  audit: AuditLog;
  now: () => Date;
  newId: () => string;
}

const viewOf = (state: BreakerState, window: { calls: number; errors: number }): ProviderStateView => ({
  provider: state.provider,
  phase: state.phase,
  since: state.since,
  ...(state.openUntil && state.phase !== 'CLOSED' ? { openUntil: state.openUntil } : {}),
  ...(state.forcedBy ? { forcedBy: state.forcedBy } : {}),
  ...(state.reason ? { reason: state.reason } : {}),
  windowCalls: window.calls,
  windowErrors: window.errors,
  errorRate: window.calls ? window.errors / window.calls : 0,
});

export const listProviderStates = async (deps: ProviderActionDeps) => ({
  items: await Promise.all(providerKind.options.map(async (provider) => {
    const { state, window } = await deps.guard.status(provider);
    return viewOf(state, window);
  })),
});

export const switchProvider = async (deps: ProviderActionDeps, actor: Actor, provider: ProviderKind, body: { state: 'OPEN' | 'CLOSED'; reason: string }) => {
  const before = await deps.guard.status(provider);
  const after = await deps.guard.force(provider, body.state, actor.username, body.reason);
  await deps.audit.record(auditOf(deps, actor, { entity: 'provider', entityId: provider, action: 'switchProvider', before: { phase: before.state.phase }, after: { phase: after.phase, reason: body.reason } }));
  return viewOf(after, before.window);
};
