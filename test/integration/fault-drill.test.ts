import { describe, expect, it } from 'vitest';
import { drillChaos, drillDynamoKilled, drillRunnerKilled, type ScenarioResult } from '../support/fault-drill-scenarios.ts';

// The fault drill, small: steady load, a fault, recovery — then every accepted message must have been
// delivered exactly once, and no Java process may be left. `npm run bench -- --only drill` runs the
// same scenarios with 300 messages at 20/s each.

const SIZE = { count: 40, perSecond: 10 };
const report = (name: string, result: ScenarioResult) => process.stdout.write(`fault drill ${name}: ${JSON.stringify(result)}\n`);

const expectExactlyOnce = (result: ScenarioResult) => {
  // How many are accepted depends on how long the fault lasts on this machine; some always are.
  expect(result.counts.accepted).toBeGreaterThan(SIZE.count / 8);
  expect({ lost: result.counts.lost, duplicated: result.counts.duplicated, javaLeft: result.javaLeft }).toEqual({ lost: 0, duplicated: 0, javaLeft: 0 });
};

describe('fault drill: every accepted message is delivered exactly once after a fault', () => {
  it('(a) the runner is SIGKILLed under load and started again on the same DATA_DIR', async () => {
    const result = await drillRunnerKilled(SIZE);
    report('(a) runner SIGKILLed', result);
    expectExactlyOnce(result);
  }, 600_000);

  it('(b) DynamoDB Local is killed under load: the runner restarts it on the same DATA_DIR', async () => {
    const result = await drillDynamoKilled(SIZE);
    report('(b) DynamoDB Local killed', result);
    expect(result.restarts).toBe(1);
    expectExactlyOnce(result);
  }, 600_000);

  it('(c) 10% of SQS sends dropped and 10% of DynamoDB writes failing, at random', async () => {
    const result = await drillChaos({ count: 60, perSecond: 10 });
    report('(c) chaos', result);
    expect(result.faults!.reduce((n, f) => n + f.refused + f.appliedButFailed + f.dropped, 0)).toBeGreaterThan(0);
    expectExactlyOnce(result);
    expect(result.duplicatedLater).toBe(0);
  }, 600_000);
});
