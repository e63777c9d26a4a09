import { drillChaos, drillDynamoKilled, drillRunnerKilled, type ScenarioResult } from '../test/support/fault-drill-scenarios.ts';

// The fault drill with bigger numbers than the test suite's: 300 messages at 20/s per scenario.

const SIZE = { count: 300, perSecond: 20 };

const line = (name: string, r: ScenarioResult) =>
  `${name}: accepted ${r.counts.accepted}, delivered ${r.counts.delivered}, lost ${r.counts.lost}, duplicated ${r.counts.duplicated}` +
  ` (refused while down ${r.load.refused}, unanswered ${r.load.unanswered}, of which delivered ${r.counts.deliveredUnanswered});` +
  ` recovered in ${r.recoverySeconds.toFixed(1)} s; Java left ${r.javaLeft}`;

export const benchFaultDrill = async (log: (line: string) => void) => {
  const runnerKilled = await drillRunnerKilled(SIZE);
  log(`  ${line('(a) runner SIGKILLed', runnerKilled)}`);
  const dynamoKilled = await drillDynamoKilled(SIZE);
  log(`  ${line('(b) DynamoDB Local killed', dynamoKilled)}; restarts ${dynamoKilled.restarts}`);
  const chaos = await drillChaos(SIZE);
  log(`  ${line('(c) 10% drops/failures', chaos)}; faults ${JSON.stringify(chaos.faults)}; duplicated 10 min later ${chaos.duplicatedLater}`);
  return { size: SIZE, runnerKilled, dynamoKilled, chaos };
};
