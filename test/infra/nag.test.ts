import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import type { Manifest } from '../../infra/manifest/types.ts';
import { fixtureManifest } from './fixture-manifest.ts';
import { NO_BUNDLING, SYNTH_TIMEOUT_MS } from './synth.ts';

// cdk-nag v3 is a CDK policy-validation plugin: it reports violations (not Annotations), and
// `cdk synth` fails on any. Here the same pack runs over the synthesized construct tree.
const findings = (stage: string, manifest?: Manifest): string[] => {
  const { app } = buildApp({ stage, manifest, context: NO_BUNDLING });
  app.synth();
  const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(app);
  return report.violations
    .filter((v) => /AwsSolutions-/.test(v.ruleName) && (v.severity === 'error' || v.severity === 'warning'))
    .flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`));
};

const cases: [string, string, Manifest | undefined][] = [
  ['dev', 'app manifest', undefined],
  ['prod', 'app manifest', undefined],
  ['dev', 'fixture manifest using every binding and trigger kind', fixtureManifest],
];

describe.each(cases)('cdk-nag AwsSolutions (%s, %s)', (stage, _, manifest) => {
  let found: string[];
  beforeAll(() => {
    found = findings(stage, manifest);
  }, SYNTH_TIMEOUT_MS);

  it('reports no unacknowledged error or warning', () => {
    expect(found).toEqual([]);
  });
});
