import { DomainError } from '../errors.ts';

// GET /api/health: whether the platform can serve, which means whether the dependencies every
// request needs answer. A load balancer or the runner's user acts on the status; the message says
// what to look at.

export type Dependency = 'dynamodb' | 'sqs';

/** Resolves when the dependency answered in time; rejects otherwise (the reason is logged, not shown). */
export type Probe = () => Promise<void>;

export interface HealthDeps {
  probes: Record<Dependency, Probe>;
  /** Where a probe's failure is recorded: the caller sees only which dependency is down. */
  onFailure?: (dependency: Dependency, error: unknown) => void;
}

export interface HealthReport {
  status: 'ok';
  dependencies: Record<Dependency, 'ok'>;
}

export const checkHealth = async (deps: HealthDeps): Promise<HealthReport> => {
  const names = Object.keys(deps.probes) as Dependency[];
  const outcomes = await Promise.allSettled(names.map((name) => deps.probes[name]()));
  const down = names.filter((name, i) => {
    const outcome = outcomes[i]!;
    if (outcome.status === 'fulfilled') return false;
    deps.onFailure?.(name, outcome.reason);
    return true;
  });
  if (down.length > 0) throw new DomainError('DEPENDENCY_UNAVAILABLE', `依赖不可用: ${down.join(', ')} (dependency unavailable: ${down.join(', ')})`);
  return { status: 'ok', dependencies: Object.fromEntries(names.map((name) => [name, 'ok'])) as Record<Dependency, 'ok'> };
};
