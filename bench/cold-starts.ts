import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_ENTRY_FILE, lambdaBuildOptions } from '../infra/bundling/options.ts';
import { functionEnv } from '../infra/manifest/bindings.ts';
import { manifest } from '../infra/manifest/index.ts';
import { REPO_ROOT } from '../infra/local/platform.ts';

// Module init of each function's bundle beside a bare bundled DynamoDB document client, measured
// side by side in the same run: each bundle, built exactly as the api stack builds it, is imported by
// a fresh `node` process (what a Lambda cold start does before the first event), several times in
// turn, and the medians compared.

const BASELINE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
export const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => doc;`;

/** One function as deployed (infra/bundling/options.ts): its index.mjs, chunks beside it. */
const bundle = async (dir: string, name: string, entry: string): Promise<string> => {
  const outdir = join(dir, name);
  await build({ ...lambdaBuildOptions(entry, outdir), nodePaths: [join(REPO_ROOT, 'node_modules')], logLevel: 'silent' });
  return join(outdir, LAMBDA_ENTRY_FILE);
};

const FAKE = (name: string) => `bench-${name}`;
const lambdaEnv = { AWS_REGION: 'ap-east-1', AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_LAMBDA_FUNCTION_NAME: 'bench' };

const initMs = (file: string, env: Record<string, string>): number => {
  const script = `const t = performance.now(); await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...lambdaEnv, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`init of ${file} failed: ${run.stderr.slice(0, 400)}`);
  return Number(run.stdout);
};

/**
 * How many zod objects (schemas, checks, clones) a bundle builds at load: counted in a run of its own
 * (not timed) through zod's construction hook, which it reads from globalThis before it loads.
 */
const zodObjectsAtLoad = (file: string, env: Record<string, string>): number => {
  const script = `let built = 0; globalThis.__zod_globalConfig = { postProcessor: () => { built++; } }; await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(built));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...lambdaEnv, ...env }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`init of ${file} failed: ${run.stderr.slice(0, 400)}`);
  return Number(run.stdout);
};

const IMPORT_SCRIPT = (file: string) => `await import(${JSON.stringify(`file://${file}`)});`;

/** Whether valgrind is on this machine: the instruction counts are measured only where it is. */
const hasValgrind = (): boolean => spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * Instructions a fresh `node` executes to import the bundle (valgrind's instruction count, less the
 * same process with nothing imported). Unlike the wall clock, it does not move with the machine's
 * load (about ±2 % run to run), so small changes show; it counts work, not waiting.
 */
const instructions = (script: string, env: Record<string, string>): Promise<number> =>
  new Promise((resolve, reject) => {
    const run = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...lambdaEnv, ...env } });
    let err = '';
    run.stderr.on('data', (d: Buffer) => (err += d.toString()));
    run.on('error', reject);
    run.on('close', () => {
      const count = /I\s+refs:\s+([\d,]+)/.exec(err)?.[1];
      if (count) resolve(Number(count.replaceAll(',', '')));
      else reject(new Error(`valgrind gave no count: ${err.slice(-400)}`));
    });
  });

/** Runs `task` over `items`, `width` at a time (the machine has two cores). */
const inTurn = async <T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await task(items[i]!);
    }
  }));
  return out;
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Each function's import instructions over the baseline's (one valgrind run each, two at a time). */
const instructionRatiosOf = async (baseline: string, files: Record<string, string>, envOf: (name: string) => Record<string, string>): Promise<{ baselineMillions: number; ratios: Record<string, number> }> => {
  const names = Object.keys(files);
  const [bare, base, ...counts] = await inTurn([undefined, baseline, ...names], 2, (name) =>
    name === undefined ? instructions('', {}) : name === baseline ? instructions(IMPORT_SCRIPT(baseline), {}) : instructions(IMPORT_SCRIPT(files[name]!), envOf(name)),
  );
  const baseImport = base! - bare!;
  return { baselineMillions: Math.round(baseImport / 1e5) / 10, ratios: Object.fromEntries(names.map((name, i) => [name, Math.round(((counts[i]! - bare!) / baseImport) * 100) / 100])) };
};

/** The function measured a second time with the deploy option sourceMaps on (NODE_OPTIONS), to show what it costs. */
const WITH_SOURCE_MAPS = 'sendMessage';

export const benchColdStarts = async (runs = 9) => {
  const dir = mkdtempSync(join(tmpdir(), 'cold-'));
  try {
    const baselineEntry = join(dir, 'baseline.ts');
    writeFileSync(baselineEntry, BASELINE);
    const baseline = await bundle(dir, 'baseline', baselineEntry);
    const files: Record<string, string> = {};
    for (const [name, spec] of Object.entries(manifest.functions)) files[name] = await bundle(dir, name, resolve(REPO_ROOT, spec.entry));
    const resolved = { table: FAKE, queueUrl: (n: string) => `https://sqs.ap-east-1.amazonaws.com/000000000000/${n}`, dlqUrl: (n: string) => `https://sqs.ap-east-1.amazonaws.com/000000000000/${n}-dlq`, bucket: FAKE, secret: FAKE, scheduler: () => ({ groupName: 'bench', roleArn: 'arn:aws:iam::000000000000:role/bench-scheduler' }) };
    const envOf = (name: string) => functionEnv(name, manifest.functions[name as keyof typeof manifest.functions], 'bench', resolved);
    const times: Record<string, number[]> = { baseline: [], sourceMaps: [] };
    // Interleaved, so a busy moment of the machine falls on every bundle alike.
    for (let run = 0; run < runs; run++) {
      times.baseline!.push(initMs(baseline, {}));
      for (const name of Object.keys(manifest.functions)) (times[name] ??= []).push(initMs(files[name]!, envOf(name)));
      times.sourceMaps!.push(initMs(files[WITH_SOURCE_MAPS]!, { ...envOf(WITH_SOURCE_MAPS), NODE_OPTIONS: '--enable-source-maps' }));
    }
    const base = median(times.baseline!);
    const figure = (xs: number[]) => ({ initMs: Math.round(median(xs) * 10) / 10, ratio: Math.round((median(xs) / base) * 100) / 100 });
    const counted = hasValgrind() ? await instructionRatiosOf(baseline, files, envOf) : undefined;
    const functions = Object.fromEntries(
      Object.keys(manifest.functions).map((name) => [name, { ...figure(times[name]!), ...(counted ? { instructionRatio: counted.ratios[name]! } : {}), zodObjectsAtLoad: zodObjectsAtLoad(files[name]!, envOf(name)) }]),
    );
    return { baselineInitMs: Math.round(base * 10) / 10, ...(counted ? { baselineInstructionsMillions: counted.baselineMillions } : {}), runs, functions, withSourceMaps: { function: WITH_SOURCE_MAPS, ...figure(times.sourceMaps!) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
