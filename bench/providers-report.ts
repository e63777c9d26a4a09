import type { benchColdStarts } from './cold-starts.ts';
import type { failoverDrill, keyShares, modelledCeiling } from './ceiling.ts';
import type { benchThroughput } from './throughput.ts';

/** The providers/throughput part of the bench as a person reads it. */
export const providersReport = (r: {
  keys?: ReturnType<typeof keyShares>;
  ceiling?: ReturnType<typeof modelledCeiling>;
  drill?: Awaited<ReturnType<typeof failoverDrill>>;
  coldStarts?: Awaited<ReturnType<typeof benchColdStarts>>;
  throughput?: Awaited<ReturnType<typeof benchThroughput>> & { loadAverage: { before: number[]; after: number[]; cores: number } };
}): string => {
  const lines: string[] = [];
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  if (r.keys) {
    lines.push('Hottest partition key modelled (2,000 one-recipient messages + one 10,000-recipient request; writes per key from the key functions):');
    lines.push(`  ${r.keys.totalWrites} writes over ${r.keys.keys} keys; hottest ${r.keys.hottestKey} with ${r.keys.hottestWrites} = ${pct(r.keys.hottestShare)} (goal ≤ ${pct(r.keys.goal)})`);
  }
  if (r.throughput) {
    const t = r.throughput;
    const l = t.loadAverage;
    lines.push(`Throughput end to end (${t.workload.singles} one-recipient messages at ${t.workload.concurrency} in flight + one ${t.workload.bulk}-recipient request; local runner, OUTBOX):`);
    lines.push(`  load average ${l.before.join(' ')} before, ${l.after.join(' ')} after, on ${l.cores} cores`);
    lines.push(`  posted in ${t.postSeconds} s (${t.intakePerSecond} one-recipient posts/s, ${t.workload.refused} refused); statuses ${Object.entries(t.statuses).map(([s, n]) => `${s} ${n}`).join(', ')}`);
    if (!t.drained) lines.push('  (the queues had not drained 13 minutes after the first post: what settled by then)');
    lines.push(`  delivered ${t.delivered} of ${t.workload.recipients} in ${t.secondsToLastDelivered} s from the first post: ${t.deliveredPerSecond} delivered/s`);
    const p = (x: { p50: number; p99: number; max: number }) => `p50 ${x.p50} ms, p99 ${x.p99} ms, max ${x.max} ms`;
    lines.push(`  accept → DELIVERED: all ${p(t.acceptToDeliveredMs.all)}; one-recipient ${p(t.acceptToDeliveredMs.singles)}; the bulk request's recipients ${p(t.acceptToDeliveredMs.bulkRecipients)}`);
    lines.push(`    of which accept → sent ${p(t.acceptToSentMs)}; sent → DELIVERED (receipt 2 s after the send) ${p(t.sentToDeliveredMs)}`);
    lines.push(`  hottest partition key measured: ${t.keys.hottestKey} with ${t.keys.hottestWrites} of ${t.keys.totalWrites} item writes over ${t.keys.keys} keys = ${pct(t.keys.hottestShare)} (goal ≤ ${pct(t.keys.goal)})`);
    for (const k of t.keys.top.slice(1)) lines.push(`    next: ${k.key} ${k.writes} (${pct(k.share)})`);
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
    const on = c.lambdaNode ? `Node ${c.node}, the major Lambda runs` : `Node ${c.node}: this machine's, not the major Lambda runs (none could be fetched)`;
    lines.push(`Cold-start module init (${on}; median of ${c.runs} fresh processes; bare bundled DynamoDB document client ${c.baselineInitMs} ms):`);
    const counted = Object.values(c.functions).some((f) => f.instructionRatio !== undefined);
    const local = c.localNode ? `  on ${c.localNode}` : '';
    lines.push(`  ${'function'.padEnd(22)} ${'init'.padStart(9)}  ratio${counted ? '  instructions' : ''}${local}  zod objects built at load`);
    const over = (f: (typeof c.functions)[string]) => f.ratio > 1.5 || (f.instructionRatio ?? 0) > 1.5;
    for (const [name, f] of Object.entries(c.functions).sort((a, b) => (b[1].instructionRatio ?? b[1].ratio) - (a[1].instructionRatio ?? a[1].ratio))) {
      const insns = counted ? `  ${(f.instructionRatio?.toFixed(2) ?? '–').padStart(11)}×` : '';
      const localRatio = local ? `  ${(f.localNodeRatio?.toFixed(2) ?? '–').padStart(local.length - 3)}×` : '';
      lines.push(`  ${name.padEnd(22)} ${String(f.initMs).padStart(6)} ms  ${f.ratio.toFixed(2)}×${insns}${localRatio}  ${String(f.zodObjectsAtLoad).padStart(5)}${over(f) ? '  (over 1.5×)' : ''}`);
    }
    if (counted) lines.push(`  (instructions: valgrind's count for the same import over the bare client's ${c.baselineInstructionsMillions} M, one process at a time, back to back within about 0.2 %; compare ratios within a run; the wall-clock ratio moves with the machine's load)`);
    if (c.localNode) lines.push(`  (on ${c.localNode}: the wall-clock ratio on this machine's own Node, bare client ${c.localBaselineInitMs} ms)`);
    const m = c.withSourceMaps;
    lines.push(`  (${m.function} with the deploy option sourceMaps on: ${m.initMs} ms, ${m.ratio.toFixed(2)}×)`);
  }
  return lines.join('\n');
};
