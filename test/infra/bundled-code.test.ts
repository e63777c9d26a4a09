import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { manifest } from '../../infra/manifest/index.ts';
import type { Manifest } from '../../infra/manifest/types.ts';
import { logicalId, SYNTH_TIMEOUT_MS, type Json } from './synth.ts';

// The other stack tests synthesize without bundling; this one bundles, as `cdk deploy` does, and
// looks at the code each function would be given (infra/constructs/manifest-function.ts). Three
// functions of the real manifest, with different entries, are enough to see whether each gets its own
// bundle (test/integration/lambda-bundle.test.ts runs every function's); all 36 take half a minute.

const SOME = ['health', 'getRequestStatus', 'sendSms'] as const;
const someFunctions: Manifest = { ...manifest, functions: Object.fromEntries(SOME.map((name) => [name, manifest.functions[name]])) };

describe('function code as cdk bundles it', () => {
  let assets: Record<string, string>;
  let outdir: string;

  beforeAll(() => {
    const built = buildApp({ stage: 'dev', manifest: someFunctions });
    const assembly = built.app.synth();
    outdir = assembly.directory;
    const resources = Template.fromStack(built.api).toJSON().Resources as Json;
    assets = Object.fromEntries(Object.entries(built.api.functions).map(([name, fn]) => [name, resources[logicalId(fn.fn)].Properties.Code.S3Key as string]));
  }, SYNTH_TIMEOUT_MS);
  afterAll(() => {
    if (outdir) rmSync(outdir, { recursive: true, force: true });
  });

  it('gives every function a bundle of its own entry: index.mjs with its chunks and source maps', () => {
    expect(Object.keys(assets).sort()).toEqual([...SOME].sort());
    expect(new Set(Object.values(assets)).size, 'one asset per function').toBe(Object.keys(assets).length);
    for (const [name, key] of Object.entries(assets)) {
      const dir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
      expect(existsSync(join(dir, 'index.mjs')), name).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), name).toBe(true);
      expect(readFileSync(join(dir, 'index.mjs'), 'utf8'), name).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{[^}]*\bhandler\b/);
    }
  });
});
