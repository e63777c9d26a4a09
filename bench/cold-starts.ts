import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLE } from '../infra/bundling/options.ts';
import { functionEnv } from '../infra/manifest/bindings.ts';
import { manifest } from '../infra/manifest/index.ts';
import { REPO_ROOT } from '../infra/local/platform.ts';

// Module init of each function's bundle beside a bare bundled DynamoDB document client, measured
// side by side in the same run: each bundle is imported by a fresh `node` process (what a Lambda cold
// start does before the first event), several times in turn, and the medians compared.

const BASELINE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => doc;`;

const bundle = async (dir: string, name: string, entry: { path: string } | { contents: string }) => {
  const out = join(dir, `${name}.mjs`);
  await build({
    ...('path' in entry ? { entryPoints: [entry.path] } : { stdin: { contents: entry.contents, resolveDir: REPO_ROOT, loader: 'ts' } }),
    bundle: true,
    outfile: out,
    ...LAMBDA_BUNDLE,
    mainFields: [...LAMBDA_BUNDLE.mainFields],
    banner: { js: LAMBDA_BUNDLE.banner },
    logLevel: 'silent',
  });
  return out;
};

const FAKE = (name: string) => `bench-${name}`;
const lambdaEnv = { AWS_REGION: 'ap-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_LAMBDA_FUNCTION_NAME: 'bench' };

const initMs = (file: string, env: Record<string, string>): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...lambdaEnv, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`init of ${file} failed: ${run.stderr.slice(0, 400)}`);
  return Number(run.stdout);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const benchColdStarts = async (runs = 5) => {
  const dir = mkdtempSync(join(tmpdir(), 'cold-'));
  try {
    const baseline = await bundle(dir, 'baseline', { contents: BASELINE });
    const files: Record<string, string> = {};
    for (const [name, spec] of Object.entries(manifest.functions)) files[name] = await bundle(dir, name, { path: resolve(REPO_ROOT, spec.entry) });
    const resolved = { table: FAKE, queueUrl: (n: string) => `https://sqs.ap-east-1.amazonaws.com/000000000000/${n}`, dlqUrl: (n: string) => `https://sqs.ap-east-1.amazonaws.com/000000000000/${n}-dlq`, bucket: FAKE, secret: FAKE, scheduler: () => ({ groupName: 'bench', roleArn: 'arn:aws:iam::000000000000:role/bench-scheduler' }) };
    const times: Record<string, number[]> = { baseline: [] };
    // Interleaved, so a busy moment of the machine falls on every bundle alike.
    for (let run = 0; run < runs; run++) {
      times.baseline!.push(initMs(baseline, {}));
      for (const [name, spec] of Object.entries(manifest.functions)) (times[name] ??= []).push(initMs(files[name]!, functionEnv(name, spec, 'bench', resolved)));
    }
    const base = median(times.baseline!);
    const functions = Object.fromEntries(
      Object.keys(manifest.functions).map((name) => [name, { initMs: Math.round(median(times[name]!) * 10) / 10, ratio: Math.round((median(times[name]!) / base) * 100) / 100 }]),
    );
    return { baselineInitMs: Math.round(base * 10) / 10, runs, functions };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
