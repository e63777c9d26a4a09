import type { benchColdStarts } from './cold-starts.ts';
import type { failoverDrill, keyShares, modelledCeiling } from './ceiling.ts';

/** The providers/throughput part of the bench as a person reads it. */
export const providersReport = (r: {
  keys?: ReturnType<typeof keyShares>;
  ceiling?: ReturnType<typeof modelledCeiling>;
  drill?: Awaited<ReturnType<typeof failoverDrill>>;
  coldStarts?: Awaited<ReturnType<typeof benchColdStarts>>;
}): string => {
  const lines: string[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  if (r.keys) {
    lines.push('Hottest partition key (2,000 one-recipient messages + one 10,000-recipient request; writes per key from the key functions):');
    lines.push(`  ${r.keys.totalWrites} writes over ${r.keys.keys} keys; hottest ${r.keys.hottestKey} with ${r.keys.hottestWrites} = ${pct(r.keys.hottestShare)} (goal ≤ ${pct(r.keys.goal)})`);
  }
  if (r.ceiling) {
    lines.push('Modelled production ceiling:');
    for (const step of r.ceiling.arithmetic) lines.push(`  ${step}`);
  }
  if (r.drill) {
    const d = r.drill;
    lines.push(`Failover drill (${d.records} records, 4 a second on the drill's clock, 3 containers):`);
    lines.push(`  first provider down from record ${d.outageFrom}: ${d.failuresBeforeFailover} records failed before sending moved on; first record on the second provider: #${d.firstRecordOnSecond}`);
    lines.push(`  recovered at record ${d.recoveredAt}: back on the first at record #${d.backOnFirstAtRecord} (${d.secondsToSwitchBack}s later: the 30 s open wait, then a probe)`);
    lines.push(`  sent by first ${d.sentByFirst}, by second ${d.sentBySecond}; switch log:`);
    for (const l of d.switchLog) lines.push(`    ${l}`);
  }
  if (r.coldStarts) {
    const c = r.coldStarts;
    lines.push(`Cold-start module init (median of ${c.runs} fresh processes; bare bundled DynamoDB document client ${c.baselineInitMs} ms):`);
    for (const [name, f] of Object.entries(c.functions).sort((a, b) => b[1].ratio - a[1].ratio)) lines.push(`  ${name.padEnd(20)} ${String(f.initMs).padStart(7)} ms  ${f.ratio.toFixed(2)}×${f.ratio > 1.5 ? '  (over 1.5×)' : ''}`);
  }
  return lines.join('\n');
};
