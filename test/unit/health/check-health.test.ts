import { describe, expect, it } from 'vitest';
import { DomainError } from '#core/errors';
import { checkHealth, type Dependency } from '#core/health/check-health';

const up = async () => undefined;
const down = (why: string) => async () => {
  throw new Error(why);
};

describe('checkHealth', () => {
  it('reports each dependency ok when every probe answers', async () => {
    expect(await checkHealth({ probes: { dynamodb: up, sqs: up } })).toEqual({ status: 'ok', dependencies: { dynamodb: 'ok', sqs: 'ok' } });
  });

  it('names every dependency that is down, and keeps the reasons for the log only', async () => {
    const logged: [Dependency, string][] = [];
    const failure = await checkHealth({
      probes: { dynamodb: down('connect ECONNREFUSED 127.0.0.1:1'), sqs: down('timed out') },
      onFailure: (dependency, error) => logged.push([dependency, (error as Error).message]),
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe('DEPENDENCY_UNAVAILABLE');
    expect((failure as DomainError).message).toMatch(/^依赖不可用: dynamodb, sqs \(dependency unavailable: dynamodb, sqs\)$/);
    expect((failure as DomainError).message).not.toMatch(/ECONNREFUSED/);
    expect(logged).toEqual([
      ['dynamodb', 'connect ECONNREFUSED 127.0.0.1:1'],
      ['sqs', 'timed out'],
    ]);
  });
});
